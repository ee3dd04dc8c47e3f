/// A watch on one resource (in one namespace, or all), filtered by selectors.
public struct WatchRequest: Sendable {
    public enum Start: Sendable, Equatable {
        /// Only writes after the current revision.
        case now
        /// Every write after this revision (a list's revision, or the last event seen), then live ones;
        /// `StoreError.tooOldResourceVersion` when the history window no longer reaches back.
        case after(Int64)
        /// ADDED for every object selected now, then live writes: a watch without a resourceVersion.
        case initialState
    }

    public var resource: String
    public var namespace: String?
    public var labelSelector: LabelSelector
    public var fieldSelector: FieldSelector
    public var start: Start
    /// Undrained events allowed before the watcher is cut off (`WatchEnd.tooSlow`). Events delivered at
    /// registration (history replay, initial state) are allowed on top, until the first drain.
    public var bufferLimit: Int

    public init(
        resource: String, namespace: String? = nil, labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector = .everything, start: Start = .now,
        bufferLimit: Int = WatchRequest.defaultBufferLimit
    ) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.start = start
        self.bufferLimit = bufferLimit
    }

    /// kube-apiserver's cacher gives each watcher a small channel; a network stream adds its own backlog.
    public static let defaultBufferLimit = 1_000

    var filter: ObjectFilter {
        ObjectFilter(resource: resource, namespace: namespace, labels: labelSelector, fields: fieldSelector)
    }
}

public enum WatchEventType: String, Sendable {
    case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
}

public struct WatchEvent: Sendable {
    public let type: WatchEventType
    /// The object's final bytes at `revision` (for DELETED: the deleted object at the deletion's revision).
    public let object: StoredObject

    public var revision: Int64 { object.modRevision }
}

/// Why a watch stopped delivering. After any of these the client re-lists (or re-watches).
public enum WatchEnd: Sendable, Equatable {
    /// More than the buffer limit went undrained: cut off so it cannot hold the store's memory or stall
    /// other watchers.
    case tooSlow
    case cancelled
    case storeClosed
}

/// What one drain returns.
public struct WatchBatch: Sendable {
    /// The first event, kept apart from the rest so that the steady state, one event per drain for each
    /// of 10,000 watchers, allocates no array (nil with `rest` not empty: a backlog drained whole).
    let first: WatchEvent?
    let rest: [WatchEvent]
    /// Every selected write up to this revision has been delivered (a BOOKMARK's resourceVersion).
    public var progress: Int64
    /// Set once: nothing follows.
    public var end: WatchEnd?

    init(first: WatchEvent?, rest: [WatchEvent], progress: Int64, end: WatchEnd?) {
        self.first = first
        self.rest = rest
        self.progress = progress
        self.end = end
    }

    /// The events in order (an array made here: the one-event case has `single`).
    public var events: [WatchEvent] { first.map { [$0] + rest } ?? rest }

    /// The batch's one event, when it holds exactly one.
    public var single: WatchEvent? { rest.isEmpty ? first : nil }

    public var isEmpty: Bool { first == nil && rest.isEmpty }

    var last: WatchEvent? { rest.last ?? first }
}
