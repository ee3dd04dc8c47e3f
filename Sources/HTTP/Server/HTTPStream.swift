import Synchronization

/// A streaming response body (watch). Writes go to its sink in order (the connection's loop); once the
/// client is gone or too slow (its backlog passed `ConnectionLimits.maxStreamBacklog`), the stream closes
/// and each `onClose` handler runs once, so the producer can stop (and whoever counts streams knows).
public final class HTTPStream: Sendable {
    private let sink: any HTTPStreamSink
    private let open = Atomic<Bool>(true)
    private let closeHandlers = Mutex<[@Sendable () -> Void]>([])
    private let unsent = Atomic<Int>(0)

    public init(sink: any HTTPStreamSink) {
        self.sink = sink
    }

    public var isOpen: Bool { open.load(ordering: .acquiring) }

    /// Runs `handler` once when the stream ends for any reason (at once if it already has). Handlers run
    /// in the order they were added.
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = closeHandlers.withLock { handlers -> Bool in
            if !open.load(ordering: .acquiring) { return true }
            handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    public func write(_ bytes: [UInt8]) {
        guard isOpen, !bytes.isEmpty else { return }
        sink.write(bytes, for: self)
    }

    /// Writes a piece framed in advance, shared by many streams (one watch event for every watcher).
    public func write(_ chunk: HTTPChunk) {
        guard isOpen else { return }
        sink.write(chunk, for: self)
    }

    /// Runs `task` on the stream's connection's loop (soon, never inline; inline for a sink without one),
    /// where the stream's writes take no hop: a producer woken from another thread writes from there.
    public func schedule(_ task: any LoopTask) {
        sink.schedule(task)
    }

    /// Writes what `producer` produces, after everything written before and before anything written
    /// after, pulled as the client reads (a watch's initial state: one event per cached object).
    /// `backlog`: how many of its bytes count towards the stream's backlog while they wait (0 for pieces
    /// the cache holds anyway, like the initial state; their size for events that only the stream keeps).
    public func write(_ producer: any HTTPBodyProducer, backlog: Int) {
        guard isOpen else { return }
        sink.write(producer, backlog: backlog, for: self)
    }

    /// Ends the body; the connection goes back to serving requests (or, with `closing`, closes once the
    /// client has read what was written: for a producer that cut a slow client off).
    public func finish(closing: Bool = false) {
        guard isOpen else { return }
        if closing { sink.finishClosing(self) } else { sink.finish(self) }
    }

    /// Bytes written to the stream that the client has not taken yet (as of the connection's last
    /// write), so a producer can cut a slow reader off with a reason before the engine's hard limit
    /// (`ConnectionLimits.maxStreamBacklog`) drops it without one.
    public var backlog: Int { unsent.load(ordering: .relaxed) }

    /// Set by the connection on its loop after each write.
    func noteBacklog(_ bytes: Int) { unsent.store(bytes, ordering: .relaxed) }

    /// Marks the stream closed and runs the close handlers: the sink's call (the connection's loop thread),
    /// when the body ended or the client went away.
    public func markClosed() {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let handlers = closeHandlers.withLock { handlers -> [@Sendable () -> Void] in
            let taken = handlers
            handlers.removeAll()
            return taken
        }
        for handler in handlers { handler() }
    }
}
