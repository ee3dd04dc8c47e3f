/// A response read as it arrives, on a connection of its own: a watch's chunked body, one piece at a
/// time. `abort()` from another thread ends a `next()` that is waiting.
public final class HTTPClientStream: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    private let connection: HTTPClientConnection

    init(connection: HTTPClientConnection, status: Int, headers: HTTPHeaders) {
        self.connection = connection
        self.status = status
        self.headers = headers
    }

    deinit { connection.close() }

    /// The next piece of the body (nil at its end). Call from one thread at a time.
    public func next(deadline: Duration? = nil) throws(HTTPClientError) -> [UInt8]? {
        try connection.readBodyPiece(deadline: deadline.map(HTTPClientPool.deadline(after:)))
    }

    /// The rest of the body, up to `maxBytes` (for an error response).
    public func rest(maxBytes: Int, timeout: Duration) throws(HTTPClientError) -> [UInt8] {
        try connection.readBody(maxBytes: maxBytes, deadline: HTTPClientPool.deadline(after: timeout))
    }

    /// Ends the stream from any thread: a waiting `next()` returns or throws at once.
    public func abort() { connection.socket.abort() }
}
