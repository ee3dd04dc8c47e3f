import Synchronization

/// The in-memory state in front of the database: every current object (final bytes) and the history
/// window. GET and LIST read it under a short lock; only the writer changes it, after each commit, so
/// it never shows an uncommitted write.
final class WatchCache: Sendable {
    private struct State {
        var objects = ObjectIndex()
        var history: EventRing
        var revision: Int64
        /// The backing store discarded history at or before this revision (etcd's compaction): reads
        /// and watches from there are refused even while the ring still holds the events. 0: none.
        var compacted: Int64 = 0

        var oldestResumable: Int64 { max(history.oldestResumable, compacted) }

        /// Whether the changes after `revision` are known: none are needed from the present on.
        func canReplay(after revision: Int64) -> Bool { revision >= self.revision || revision >= oldestResumable }
    }

    private let state: Mutex<State>

    /// Starts from what the database holds: the live objects and the tail of the history.
    init(objects: [StoredObject], history: [StoreEvent], historyStartsAfter start: Int64, revision: Int64, window: Int)
    {
        var initial = State(history: EventRing(capacity: window, startingAfter: start), revision: revision)
        for object in objects { initial.objects.put(object) }
        for event in history { initial.history.append(event) }
        state = Mutex(initial)
    }

    var revision: Int64 { state.withLock { $0.revision } }
    var count: Int { state.withLock { $0.objects.count } }
    var oldestResumable: Int64 { state.withLock { $0.oldestResumable } }
    var compactedRevision: Int64 { state.withLock { $0.compacted } }

    /// Whether a watch may start after `revision` (every change since is known).
    func canReplay(after revision: Int64) -> Bool { state.withLock { $0.canReplay(after: revision) } }

    func get(_ key: ObjectKey) -> StoredObject? { state.withLock { $0.objects.get(key) } }

    /// The current objects at `keys` (absent keys have none), for the writer's precondition checks.
    func current(_ keys: some Sequence<ObjectKey>) -> [ObjectKey: StoredObject] {
        state.withLock { state in
            var found: [ObjectKey: StoredObject] = [:]
            for key in keys { found[key] = state.objects.get(key) }
            return found
        }
    }

    /// Makes committed events visible, in revision order.
    func apply(_ events: [StoreEvent]) {
        state.withLock { state in
            for event in events {
                if event.kind == .deleted {
                    state.objects.remove(event.object.key)
                } else {
                    state.objects.put(event.object)
                }
                state.history.append(event)
                state.revision = event.revision
            }
        }
    }

    /// Every change up to `revision` is in, though none of them was an object of this cache (the etcd
    /// feed skipped keys of another layout): reads and watches may start there.
    func advance(to revision: Int64) {
        state.withLock { $0.revision = max($0.revision, revision) }
    }

    /// Starts over from a complete list at `revision` (the etcd feed lost its place in the history). The
    /// history restarts there, so the fan-out finds its watchers behind it, cuts them off, and they re-list.
    func replace(objects: [StoredObject], revision: Int64) {
        state.withLock { state in
            var index = ObjectIndex()
            for object in objects { index.put(object) }
            state.objects = index
            state.history = EventRing(capacity: state.history.capacity, startingAfter: revision)
            state.revision = revision
        }
    }

    /// The backing store has discarded its history through `revision`.
    func compacted(through revision: Int64) {
        state.withLock { $0.compacted = max($0.compacted, revision) }
    }

    /// Up to `limit` events after `revision`, oldest first; nil when the window no longer reaches back.
    func events(after revision: Int64, limit: Int = .max) -> [StoreEvent]? {
        state.withLock { $0.history.events(after: revision, limit: limit) }
    }

    /// Everything `filter` selects now, and the revision that is "now".
    func snapshot(_ filter: ObjectFilter) -> (objects: [StoredObject], revision: Int64) {
        state.withLock { state in
            var objects: [StoredObject] = []
            state.objects.forEach(resource: filter.resource, namespace: filter.namespace, after: nil) { object in
                if filter.selects(object) { objects.append(object) }
                return true
            }
            return (objects, state.revision)
        }
    }

    func list(_ request: ListRequest) throws(StoreError) -> ListResult {
        // An empty token is no token (clients send `continue=` on first pages).
        let token = try request.continueToken.flatMap { $0.isEmpty ? nil : $0 }.map { token throws(StoreError) in
            try ContinueToken(decoding: token)
        }
        return try state.withLock { state throws(StoreError) in
            let at = token?.revision ?? request.revision ?? state.revision
            if at > state.revision { throw .tooLargeResourceVersion(requested: at, current: state.revision) }
            var page = ListPage(filter: request.filter, limit: request.limit, after: token?.after)
            if at == state.revision {
                state.objects.forEach(
                    resource: page.filter.resource, namespace: page.filter.namespace, after: page.after
                ) {
                    page.offer($0)
                }
            } else {
                let rewound =
                    state.canReplay(after: at) && state.history.forEachNewestFirst(after: at) { page.undo($0) }
                guard rewound else {
                    let oldest = state.oldestResumable
                    throw token == nil
                        ? .tooOldResourceVersion(requested: at, oldest: oldest)
                        : .continueExpired(requested: at, oldest: oldest)
                }
                page.walkRewound(state.objects)
            }
            return ListResult(
                items: page.items, revision: at,
                continueToken: page.stoppedAt.map { ContinueToken(revision: at, after: $0).encoded })
        }
    }
}
