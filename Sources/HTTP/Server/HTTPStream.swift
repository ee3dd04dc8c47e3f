import Synchronization

/// A streaming response body (watch). Writes go to its sink in order (the connection's loop); once the
/// client is gone or too slow (its backlog passed `ConnectionLimits.maxStreamBacklog`), the stream closes
/// and each `onClose` handler runs once, so the producer can stop (and whoever counts streams knows).
public final class HTTPStream: Sendable {
    private let sink: any HTTPStreamSink
    private let open = Atomic<Bool>(true)
    private let closeHandlers = Mutex<[@Sendable () -> Void]>([])
    private let unsent = Atomic<Int>(0)
    /// When the `onDue` handler runs next (monotonic nanoseconds); `Int64.max`: not armed.
    private let due = Atomic<Int64>(.max)
    private let dueHandler = Mutex<(@Sendable (_ now: Int64) -> Int64?)?>(nil)

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

    /// `schedule` without the stream: for a producer woken often from another thread (see `StreamScheduler`).
    public var scheduler: StreamScheduler { sink.scheduler }

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

    /// Runs `handler` at about `deadline` (monotonic nanoseconds, `monotonicNanoseconds()`), then at each
    /// deadline it returns (nil: no more), until the stream closes. On a connection its loop's timeout
    /// sweep runs it (within about `EventLoop.sweepInterval`), so a watch's end and its bookmarks cost no
    /// timer of their own: 10,000 watches cost the sweep a comparison each. A sink without a loop arms a
    /// timer (`HTTPStreamSink.armTimer`).
    public func onDue(at deadline: Int64, _ handler: @escaping @Sendable (_ now: Int64) -> Int64?) {
        // Not once closed: `markClosed` lets go of the handler (which may hold whoever holds the stream).
        let held = dueHandler.withLock { slot -> Bool in
            guard isOpen else { return false }
            slot = handler
            return true
        }
        if held { arm(deadline) }
    }

    private func arm(_ deadline: Int64) {
        due.store(deadline, ordering: .releasing)
        sink.armTimer(for: self, at: deadline)
    }

    /// Runs the `onDue` handler once its time has come (the connection's sweep, or the sink's timer).
    public func runIfDue(now: Int64) {
        let deadline = due.load(ordering: .acquiring)
        guard now >= deadline, isOpen,
            due.compareExchange(expected: deadline, desired: .max, ordering: .acquiringAndReleasing).exchanged,
            let handler = dueHandler.withLock({ $0 })
        else { return }
        if let next = handler(now) { arm(next) }
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
        dueHandler.withLock { $0 = nil }
        let handlers = closeHandlers.withLock { handlers -> [@Sendable () -> Void] in
            let taken = handlers
            handlers.removeAll()
            return taken
        }
        for handler in handlers { handler() }
    }
}
