import HTTP

/// Runs requests through an `HTTPHandler` (a port's filter chain, say) without a socket, the way
/// Hummingbird's test client drives a router: each request gets a `RecordingResponder`, and the answer is
/// awaited, since a handler may answer later from another thread (a store write's completion). The
/// handler runs on the caller's thread, as the engine runs it on a loop thread.
public struct InProcessClient: Sendable {
    public let handler: any HTTPHandler
    /// The connection every request arrives on (peer address, TLS, client certificate).
    public var connection: ConnectionInfo

    public init(_ handler: any HTTPHandler, connection: ConnectionInfo = InProcessClient.plainConnection()) {
        self.handler = handler
        self.connection = connection
    }

    /// A plain-HTTP connection from `peerHost`.
    public static func plainConnection(peerHost: String = "127.0.0.1", listenerName: String = "test") -> ConnectionInfo
    {
        ConnectionInfo(listenerName: listenerName, peerHost: peerHost, peerPort: 40000, isSecure: false)
    }

    /// A TLS connection from `peerHost`, with the client certificate's identity when one was presented.
    public static func secureConnection(peerHost: String = "127.0.0.1", peerIdentity: PeerIdentity? = nil)
        -> ConnectionInfo
    {
        ConnectionInfo(
            listenerName: "secure", peerHost: peerHost, peerPort: 40000, isSecure: true, peerIdentity: peerIdentity)
    }

    /// The request as the parser hands it over: header names lower-cased, a Host header if none was given.
    public static func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [])
        -> HTTPRequest
    {
        var fields = headers.map { ($0.0.lowercased(), $0.1) }
        if !fields.contains(where: { $0.0 == "host" }) { fields.insert(("host", "127.0.0.1"), at: 0) }
        return HTTPRequest(method: method, target: target, headers: HTTPHeaders(fields), body: body)
    }

    /// Hands the request to the handler and returns its responder at once (for streams, or to look at an
    /// answer that should not come).
    public func start(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [])
        -> RecordingResponder
    {
        let responder = RecordingResponder()
        handler.handle(
            Self.request(method, target, headers: headers, body: body),
            RequestContext(connection: connection, receivedAt: monotonicNanoseconds()), responder)
        return responder
    }

    /// Runs one request and waits up to `timeout` seconds for its answer.
    public func send(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Double = 10
    ) throws -> RecordedResponse {
        let responder = start(method, target, headers: headers, body: body)
        guard let response = responder.response(timeout: timeout) else {
            throw InProcessClientError.noAnswer(method, target)
        }
        return response
    }

    public func get(_ target: String, headers: [(String, String)] = []) throws -> RecordedResponse {
        try send("GET", target, headers: headers)
    }

    /// A JSON body (`Content-Type: application/json` unless `headers` name another type).
    public func send(_ method: String, _ target: String, json: String, headers: [(String, String)] = []) throws
        -> RecordedResponse
    {
        var headers = headers
        if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", "application/json"))
        }
        return try send(method, target, headers: headers, body: Array(json.utf8))
    }
}

public enum InProcessClientError: Error, CustomStringConvertible {
    case noAnswer(String, String)

    public var description: String {
        switch self {
        case .noAnswer(let method, let target): "no answer to \(method) \(target) in time"
        }
    }
}
