/// What a listener hands each request to. Called on the connection's loop thread: answer inline when the
/// answer is at hand (a cached read), or keep the responder and answer from any thread later.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder)
    /// The answer to a request that could not be read (400, 408, 413, 431, ...); the connection closes after.
    func rejected(_ error: HTTPParseError, _ connection: ConnectionInfo) -> HTTPResponse
}

extension HTTPHandler {
    public func rejected(_ error: HTTPParseError, _ connection: ConnectionInfo) -> HTTPResponse {
        .text(error.status, error.message)
    }
}

/// One accepted connection, as handlers see it.
public final class ConnectionInfo: @unchecked Sendable {
    public let id: UInt64
    /// The listener's name (for kube-console: the port, "localhost", "read-only" or "secure").
    public let listenerName: String
    public let peerHost: String
    public let peerPort: Int
    public let loopIndex: Int
    public let isSecure: Bool
    /// Set once by the TLS handshake on the loop thread, before any request is dispatched.
    public internal(set) var peerIdentity: PeerIdentity?
    /// On a Unix socket with a `PeerCredentialGate`: the peer's pid, uid and gid as the kernel gave them.
    public let peerCredentials: PeerCredentials?
    /// The handler's own per-connection state (what it may reuse for the next request on this
    /// connection). Read and written only on the connection's loop thread, while a request is dispatched.
    public var handlerState: AnyObject?

    /// The engine makes one per accepted connection; tests make their own to run a handler in-process.
    public init(
        id: UInt64 = 0, listenerName: String, peerHost: String, peerPort: Int, loopIndex: Int = 0,
        isSecure: Bool, peerIdentity: PeerIdentity? = nil, peerCredentials: PeerCredentials? = nil
    ) {
        self.id = id
        self.listenerName = listenerName
        self.peerHost = peerHost
        self.peerPort = peerPort
        self.loopIndex = loopIndex
        self.isSecure = isSecure
        self.peerIdentity = peerIdentity
        self.peerCredentials = peerCredentials
    }
}

public struct RequestContext: Sendable {
    public let connection: ConnectionInfo
    /// Monotonic nanoseconds when the request was complete and dispatched.
    public let receivedAt: Int64

    public init(connection: ConnectionInfo, receivedAt: Int64) {
        self.connection = connection
        self.receivedAt = receivedAt
    }
}
