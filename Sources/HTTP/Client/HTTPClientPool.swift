import Synchronization

/// A small HTTP/1.1 client for one server (origin): keep-alive connections kept in a pool, one request
/// per connection at a time, each call blocking its thread until the response is whole or its deadline
/// passes. Long-lived streamed responses (a watch) get a dedicated connection (`openStream`).
///
/// Why here, in HTTP: a client of HTTP/1.1 is generic HTTP (the parser's rules, OpenSSL's transport) and
/// knows nothing of any server it talks to; the etcd store in Storage is its first user, so Storage
/// depends on HTTP, never on the API server. Why blocking: its callers are a few dedicated store threads
/// (writers, the watch feed, the monitor), for which a thread per request in flight is the simplest
/// correct design; the epoll loops stay the server's.
public final class HTTPClientPool: Sendable {
    public static let defaultMaxIdle = 64
    public static let defaultConnectTimeout: Duration = .seconds(2)
    /// Responses are read whole into memory: a bound keeps a runaway one from taking it all.
    public static let defaultMaxBodyBytes = 256 * 1024 * 1024

    public let origin: HTTPOrigin
    private let tls: ClientTLSContext?
    private let maxIdle: Int
    private let connectTimeout: Duration
    private let maxBodyBytes: Int
    private let idle = Mutex<[HTTPClientConnection]>([])

    public init(
        origin: HTTPOrigin, tls: ClientTLSContext?, maxIdle: Int = HTTPClientPool.defaultMaxIdle,
        connectTimeout: Duration = HTTPClientPool.defaultConnectTimeout,
        maxBodyBytes: Int = HTTPClientPool.defaultMaxBodyBytes
    ) {
        self.origin = origin
        self.tls = tls
        self.maxIdle = maxIdle
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// Sends `request` and returns the whole response, within `timeout`. A request that fails on a
    /// reused connection before any response byte is sent again once on a new connection when it is
    /// `idempotent` or never left (the server may have closed the idle connection meanwhile).
    public func perform(_ request: HTTPClientRequest, timeout: Duration, idempotent: Bool) throws(HTTPClientError)
        -> HTTPClientResponse
    {
        let deadline = Self.deadline(after: timeout)
        let reused = takeIdle()
        if let reused {
            do throws(HTTPClientError) { return try exchange(request, on: reused, deadline: deadline) } catch {
                guard idempotent || error.stage == .notSent, !error.timedOut else { throw error }
            }
        }
        let fresh = try connect(deadline: deadline)
        return try exchange(request, on: fresh, deadline: deadline)
    }

    /// Sends `request` on a connection of its own and returns once the response head has arrived (within
    /// `timeout`); the body is then read piece by piece from the stream, without a deadline.
    public func openStream(_ request: HTTPClientRequest, timeout: Duration) throws(HTTPClientError) -> HTTPClientStream
    {
        let deadline = Self.deadline(after: timeout)
        let connection = try connect(deadline: deadline)
        do throws(HTTPClientError) {
            try connection.send(request, deadline: deadline)
            let head = try connection.readHead(deadline: deadline)
            return HTTPClientStream(connection: connection, status: head.status, headers: head.headers)
        } catch {
            connection.close()
            throw error
        }
    }

    /// Closes the idle connections (in-flight ones close when they finish).
    public func closeIdle() {
        let connections = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { connection.close() }
    }

    public var idleCount: Int { idle.withLock { $0.count } }

    private func exchange(_ request: HTTPClientRequest, on connection: HTTPClientConnection, deadline: Int64)
        throws(HTTPClientError) -> HTTPClientResponse
    {
        do throws(HTTPClientError) {
            try connection.send(request, deadline: deadline)
            let head = try connection.readHead(deadline: deadline)
            let body = try connection.readBody(maxBytes: maxBodyBytes, deadline: deadline)
            release(connection)
            return HTTPClientResponse(status: head.status, headers: head.headers, body: body)
        } catch {
            connection.close()
            throw error
        }
    }

    private func connect(deadline: Int64) throws(HTTPClientError) -> HTTPClientConnection {
        try HTTPClientConnection(
            origin: origin, tls: tls, deadline: min(deadline, Self.deadline(after: connectTimeout)))
    }

    /// The most recently used idle connection still open (the others may have timed out at the server).
    private func takeIdle() -> HTTPClientConnection? {
        while let connection = idle.withLock({ $0.popLast() }) {
            if connection.socket.isReusable() { return connection }
            connection.close()
        }
        return nil
    }

    private func release(_ connection: HTTPClientConnection) {
        let kept =
            connection.reusable
            && idle.withLock { idle in
                guard idle.count < maxIdle else { return false }
                idle.append(connection)
                return true
            }
        if !kept { connection.close() }
    }

    /// Now plus `duration` on the monotonic clock, saturating (a huge timeout means none).
    public static func deadline(after duration: Duration) -> Int64 {
        let (sum, overflow) = monotonicNanoseconds().addingReportingOverflow(duration.nanoseconds)
        return overflow ? .max : sum
    }
}
