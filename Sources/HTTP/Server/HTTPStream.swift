import Synchronization

/// A streaming response body (watch). Writes are queued to the connection's loop in order; once the client
/// is gone or too slow (its backlog passed `ConnectionLimits.maxStreamBacklog`), the stream closes and
/// `onClose` runs once, so the producer can stop.
public final class HTTPStream: Sendable {
    let connection: Connection
    private let open = Atomic<Bool>(true)
    private let closeHandler = Mutex<(@Sendable () -> Void)?>(nil)

    init(connection: Connection) {
        self.connection = connection
    }

    public var isOpen: Bool { open.load(ordering: .acquiring) }

    /// Runs `handler` once when the stream ends for any reason (at once if it already has).
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = closeHandler.withLock { slot -> Bool in
            if !open.load(ordering: .acquiring) { return true }
            slot = handler
            return false
        }
        if runNow { handler() }
    }

    public func write(_ bytes: [UInt8]) {
        guard isOpen, !bytes.isEmpty else { return }
        connection.loop.runOnLoop((connection, bytes, self)) { connection, bytes, stream in
            connection.streamWrite(bytes, stream: stream)
        }
    }

    /// Ends the body; the connection goes back to serving requests.
    public func finish() {
        guard isOpen else { return }
        connection.loop.runOnLoop((connection, self)) { connection, stream in connection.streamFinish(stream) }
    }

    /// Marks the stream closed and runs the close handler (loop thread).
    func markClosed() {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let handler = closeHandler.withLock { slot -> (@Sendable () -> Void)? in
            let h = slot
            slot = nil
            return h
        }
        handler?()
    }
}
