import Dispatch
import HTTP
import KubeAPI
import Storage
import Synchronization

/// Watch timing: kube-apiserver ends a watch after a random 30–60 minutes (unless the client asks for
/// less) and sends a BOOKMARK about once a minute to clients that allow them.
public struct WatchSettings: Sendable {
    public static let defaultMinimumTimeout: Duration = .seconds(1800)
    public static let defaultBookmarkInterval: Duration = .seconds(60)

    public var minimumTimeout: Duration
    public var bookmarkInterval: Duration
    /// Events buffered per watcher before it counts as too slow and is closed (the client re-lists).
    public var bufferLimit: Int

    public init(
        minimumTimeout: Duration = WatchSettings.defaultMinimumTimeout,
        bookmarkInterval: Duration = WatchSettings.defaultBookmarkInterval,
        bufferLimit: Int = WatchRequest.defaultBufferLimit
    ) {
        self.minimumTimeout = minimumTimeout
        self.bookmarkInterval = bookmarkInterval
        self.bufferLimit = bufferLimit
    }
}

/// One watch: the store's watcher drained on its wake-ups into a chunked response, one
/// `{"type":...,"object":...}` line per event (or, in protobuf, one length-prefixed WatchEvent frame per
/// event); bookmarks and the timeout on a timer. Nothing here blocks an I/O loop or the store's fan-out.
final class WatchSession: Sendable {
    private let stream: HTTPStream
    private let resource: ResourceInfo
    private let codecs: RESTCodecs
    private let asTable: Bool
    private let protobuf: Bool
    private let includeObject: String
    private let bookmarks: Bool
    private let state = Mutex<State>(State())

    private struct State {
        var watcher: Watcher?
        var lastBookmark: Int64 = 0
        var ended = false
        /// The first drain holds the initial state or replayed history: produced from the cache's objects
        /// as the client reads, not counted as the stream's backlog.
        var drained = false
    }

    static func start(
        _ r: RESTRequest, _ exchange: Exchange, store: any Store, codecs: RESTCodecs, settings: WatchSettings,
        includeObject: String
    ) throws {
        let start: WatchRequest.Start
        switch r.resourceVersion {
        case nil, "0"?: start = .initialState  // synthetic ADDED events for what exists, then changes
        case let rv?:
            guard let n = Int64(rv) else { throw StatusError.badRequest("invalid resourceVersion: \(rv)") }
            start = .after(n)
        }
        let request = WatchRequest(
            resource: r.resource.name, namespace: r.listNamespace, labelSelector: try r.labelSelector,
            fieldSelector: try r.fieldSelector, start: start, bufferLimit: settings.bufferLimit)
        // A kind without a protobuf schema (none served today; custom resources would be) watches in JSON.
        let asTable = r.format.isTable, protobuf = r.format == .protobuf && ResourceResponses.hasProtobuf(r.resource)
        let contentType = protobuf ? ProtobufEncoder.watchContentType : "application/json"
        guard
            let stream = exchange.stream(
                HTTPResponseHead(status: .ok, headers: HTTPHeaders([("Content-Type", contentType)])))
        else { return }
        let timeout =
            r.option("timeoutSeconds").flatMap(Int.init).map { Duration.seconds($0) }
            ?? settings.minimumTimeout + .seconds(Int.random(in: 0...Int(settings.minimumTimeout.components.seconds)))
        let session = WatchSession(
            stream: stream, resource: r.resource, codecs: codecs, asTable: asTable, protobuf: protobuf,
            includeObject: includeObject,
            bookmarks: ["true", "1"].contains(r.option("allowWatchBookmarks")?.lowercased() ?? ""))
        do {
            let watcher = try store.watch(request) { [weak session] in session?.pump() }
            session.state.withLock { $0.watcher = watcher }
        } catch {
            // kube answers an expired resourceVersion with an ERROR event in a 200 stream.
            session.send(type: "ERROR", json: r.storeError(error).json)
            stream.finish()
            return
        }
        stream.onClose { session.stop() }
        session.schedule(timeout: timeout, bookmarkEvery: settings.bookmarkInterval)
        session.pump()
    }

    private init(
        stream: HTTPStream, resource: ResourceInfo, codecs: RESTCodecs, asTable: Bool, protobuf: Bool,
        includeObject: String,
        bookmarks: Bool
    ) {
        self.stream = stream
        self.resource = resource
        self.codecs = codecs
        self.asTable = asTable
        self.protobuf = protobuf
        self.includeObject = includeObject
        self.bookmarks = bookmarks
    }

    /// Drains what the watcher has and writes it (called on the store's wake-ups).
    func pump() {
        state.withLock { s in
            guard !s.ended, let watcher = s.watcher else { return }
            let batch = watcher.drain()
            send(batch.events, initial: !s.drained)
            s.drained = true
            s.lastBookmark = max(s.lastBookmark, batch.progress)
            if batch.end != nil {
                // Too slow, or the store closed: end the stream; the client re-lists.
                s.ended = true
                stream.finish()
            }
        }
    }

    private func schedule(timeout: Duration, bookmarkEvery interval: Duration) {
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.interval(timeout)) { [weak self] in
            guard let self else { return }
            self.stop()
            self.stream.finish()
        }
        if bookmarks { scheduleBookmark(every: Self.interval(interval)) }
    }

    private func scheduleBookmark(every interval: DispatchTimeInterval) {
        DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [weak self] in
            guard let self, !self.state.withLock({ $0.ended }) else { return }
            self.bookmark()
            self.scheduleBookmark(every: interval)
        }
    }

    private static func interval(_ d: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(clamping: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000))
    }

    /// A BOOKMARK: "everything up to this resourceVersion has been sent".
    private func bookmark() {
        state.withLock { s in
            guard !s.ended, let watcher = s.watcher else { return }
            let batch = watcher.drain()
            send(batch.events, initial: !s.drained)
            s.drained = true
            s.lastBookmark = max(s.lastBookmark, batch.progress)
            let object =
                #"{"kind":"\#(resource.kind)","apiVersion":"\#(resource.apiVersion)","metadata":{"resourceVersion":"\#(s.lastBookmark)"}}"#
            send(type: "BOOKMARK", json: Array(object.utf8))
        }
    }

    func stop() {
        let watcher = state.withLock { s -> Watcher? in
            s.ended = true
            return s.watcher
        }
        watcher?.cancel()
    }

    /// A drained batch: in JSON (not as a Table), written from the cached bytes as the client reads
    /// (`WatchEventsBody`), the first drain (initial state, replay) not counted as backlog, or a single
    /// event as its shared line; otherwise one event at a time.
    private func send(_ events: [WatchEvent], initial: Bool) {
        guard !events.isEmpty else { return }
        if asTable || protobuf {
            for event in events { send(type: event.type.rawValue, object: event.object) }
            return
        }
        if !initial && events.count == 1 {
            stream.write(WatchEventLine.line(events[0]))  // the steady state: one event, its line shared
            return
        }
        let body = WatchEventsBody(events)
        stream.write(body, backlog: initial ? 0 : body.count)
    }

    private func send(type: String, object: StoredObject) {
        if protobuf {
            if let envelope = ResourceResponses.envelope(object) {
                stream.write(ProtobufEncoder.watchFrame(type: type, objectEnvelope: envelope))
            }
            return
        }
        send(type: type, json: object.value)
    }

    /// An event whose object is JSON bytes (a stored object in JSON, a bookmark, an ERROR's Status).
    private func send(type: String, json object: [UInt8]) {
        if protobuf {
            if let parsed = try? JSONParser.parse(object), let envelope = ProtobufEncoder.envelope(parsed) {
                stream.write(ProtobufEncoder.watchFrame(type: type, objectEnvelope: envelope))
            }
            return
        }
        var line = Array(#"{"type":"\#(type)","object":"#.utf8)
        if asTable && type != "ERROR" && type != "BOOKMARK", let parsed = try? JSONParser.parse(object) {
            line +=
                codecs.table(
                    resource, [parsed], wallClockNanoseconds(), includeObject,
                    parsed[["metadata", "resourceVersion"]]?.string ?? "", nil
                ).bytes
        } else {
            line += object
        }
        line += Array("}\n".utf8)
        stream.write(line)
    }
}
