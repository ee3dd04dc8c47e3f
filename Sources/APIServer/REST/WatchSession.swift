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
/// Draining and writing happen on the stream's loop (`runOnLoop`): on a connection the watcher is in its
/// loop's `WatchGroup`, which offers each event there and runs the session at once; the backlog, the end
/// and the bookmark timer schedule it. The fan-out thread only hands each batch to each loop.
final class WatchSession: LoopTask {
    private let stream: HTTPStream
    private let resource: ResourceInfo
    private let codecs: RESTCodecs
    private let asTable: Bool
    private let protobuf: Bool
    private let includeObject: String
    private let bookmarks: Bool
    private let state = Mutex<State>(State())
    /// Held while a drained batch is written, so batches go out in the order they were drained (a sink
    /// without a loop runs `runOnLoop` on the caller's thread). Not `state`: a write that closes the
    /// stream runs its close handler (`stop`), which takes `state`.
    private let sending = Mutex<Void>(())

    private struct State {
        var watcher: Watcher?
        var lastBookmark: Int64 = 0
        var ended = false
        /// The first drain holds the initial state or replayed history: produced from the cache's objects
        /// as the client reads, not counted as the stream's backlog.
        var drained = false
        /// The bookmark timer fired: the next run sends a BOOKMARK after what it drains.
        var bookmarkDue = false
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
            // Held strongly (a weak reference would send every retain of the session, one per event, down
            // the runtime's slow path): `stop` lets go of the watcher, and with it of this.
            // On a connection, the watch joins its loop's group: the loop offers each event to all of its
            // watchers and this session writes it there and then (`WatchGroup`). Otherwise (a sink without
            // a loop) each event wakes the session.
            let scheduler = stream.scheduler
            let watcher: Watcher
            if let loop = scheduler.loopIdentity {
                let thread = WatchThread(id: loop) { group in scheduler.schedule(WatchGroupDelivery(group: group)) }
                watcher = try store.watch(request, on: thread) {
                    scheduler.schedule(session)
                } onDelivery: {
                    session.runOnLoop()
                }
            } else {
                watcher = try store.watch(request) { scheduler.schedule(session) }
            }
            session.state.withLock { $0.watcher = watcher }
        } catch {
            // kube answers an expired resourceVersion with an ERROR event in a 200 stream.
            session.send(type: "ERROR", json: r.storeError(error).json)
            stream.finish()
            return
        }
        stream.onClose { session.stop() }
        session.schedule(timeout: timeout, bookmarkEvery: settings.bookmarkInterval)
        stream.schedule(session)  // a wake-up before `watcher` was set found nothing to drain
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

    /// Drains what the watcher has and writes it, and a BOOKMARK when one is due. The batch is drained
    /// between two short holds of `state`, so it stays a local the whole way (a batch returned through
    /// `withLock` is copied, a retain and release per event for each of thousands of watchers).
    func runOnLoop() {
        sending.withLock { _ in
            let taken = state.withLock { s -> (watcher: Watcher, initial: Bool)? in
                guard !s.ended, let watcher = s.watcher else { return nil }
                defer { s.drained = true }
                return (watcher, !s.drained)
            }
            guard let taken else { return }
            let batch = taken.watcher.drain()
            let bookmark = state.withLock { s -> Int64? in
                s.lastBookmark = max(s.lastBookmark, batch.progress)
                defer { s.bookmarkDue = false }
                // Too slow, or the store closed: the stream ends after this batch; the client re-lists.
                if batch.end != nil { s.ended = true }
                return s.bookmarkDue && batch.end == nil ? s.lastBookmark : nil
            }
            send(batch, initial: taken.initial)
            if let bookmark {
                // A BOOKMARK: "everything up to this resourceVersion has been sent".
                let object =
                    #"{"kind":"\#(resource.kind)","apiVersion":"\#(resource.apiVersion)","metadata":{"resourceVersion":"\#(bookmark)"}}"#
                send(type: "BOOKMARK", json: Array(object.utf8))
            }
            if batch.end != nil { stream.finish() }
        }
    }

    /// The watch's end and its bookmarks, on the stream's due handler (on a connection, the loop's
    /// timeout sweep runs it: no timer per watch).
    private func schedule(timeout: Duration, bookmarkEvery interval: Duration) {
        let start = monotonicNanoseconds()
        let end = start + Self.nanoseconds(timeout)
        let every = bookmarks ? max(1, Self.nanoseconds(interval)) : nil
        stream.onDue(at: every.map { min(start + $0, end) } ?? end) { now in  // held by the stream until it closes
            if now >= end {
                self.stop()
                self.stream.finish()
                return nil
            }
            guard let every else { return end }
            // A bookmark's time (the end is later): sent after what the watcher holds, on the loop.
            self.state.withLock { $0.bookmarkDue = true }
            self.stream.schedule(self)
            return min(start + ((now - start) / every + 1) * every, end)
        }
    }

    /// A time span that never ends, far enough below `Int64.max` that adding a clock reading cannot overflow.
    private static let never = Int64.max / 4

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (whole, overflow) = d.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? never : min(whole + d.components.attoseconds / 1_000_000_000, never)
    }

    func stop() {
        let watcher = state.withLock { s -> Watcher? in
            s.ended = true
            defer { s.watcher = nil }  // its wake-up holds this session
            return s.watcher
        }
        watcher?.cancel()
    }

    /// A drained batch: in JSON (not as a Table), written from the cached bytes as the client reads
    /// (`WatchEventsBody`), the first drain (initial state, replay) not counted as backlog, or a single
    /// event as its shared line; otherwise one event at a time.
    private func send(_ batch: WatchBatch, initial: Bool) {
        if !initial && !asTable && !protobuf, let event = batch.single {
            stream.write(WatchEventLine.chunk(event))  // the steady state: one event, its chunk shared
            return
        }
        let events = batch.events
        guard !events.isEmpty else { return }
        if asTable || protobuf {
            for event in events { send(type: event.type.rawValue, object: event.object) }
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
