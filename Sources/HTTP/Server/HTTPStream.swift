import Synchronization

/// A streaming response body (watch). Writes go to its sink in order (the connection's loop); once the
/// client is gone or too slow (its backlog passed `ConnectionLimits.maxStreamBacklog`), the stream closes
/// and each `onClose` handler runs once, so the producer can stop (and whoever counts streams knows).
public final class HTTPStream: Sendable {
    private let sink: any HTTPStreamSink
    private let open = Atomic<Bool>(true)
    private let closeHandlers = Mutex<[@Sendable () -> Void]>([])

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

    /// Ends the body; the connection goes back to serving requests.
    public func finish() {
        guard isOpen else { return }
        sink.finish(self)
    }

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
