import HTTP
import Synchronization

/// One request on its way through a port's filter chain, and the single way to answer it.
/// Filters annotate it (the authenticated user) and may answer early (403, 429); the first answer wins.
public final class Exchange: @unchecked Sendable {
    public let request: HTTPRequest
    public let context: RequestContext
    public let port: PortKind
    /// Who made the request, once a filter knows (the secure port's authenticator). Set on the loop thread
    /// before the exchange is handed on; read afterwards.
    public internal(set) var user: UserInfo?
    /// The request's authorization attributes, once the authorizer has derived them (the router reuses them).
    public internal(set) var attributes: RequestAttributes?
    /// Told of the answer (status, body size) exactly once; set by `ObserveFilter`.
    var observer: (any ExchangeObserver)?
    private let responder: any HTTPResponder
    private let answered = Atomic<Bool>(false)

    /// The chain makes one per request; tests make their own around a recording responder.
    public init(request: HTTPRequest, context: RequestContext, port: PortKind, responder: any HTTPResponder) {
        self.request = request
        self.context = context
        self.port = port
        self.responder = responder
    }

    public var clientHost: String { context.connection.peerHost }

    public func respond(_ response: HTTPResponse) {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return }
        observer?.completed(self, status: response.status.code, bytes: request.isHead ? 0 : response.body.count)
        responder.send(response)
    }

    /// Starts a streamed answer (watch). The observer records it when it starts.
    public func stream(_ head: HTTPResponseHead) -> HTTPStream? {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        observer?.completed(self, status: head.status.code, bytes: 0)
        return responder.stream(head)
    }
}

public protocol ExchangeObserver: Sendable {
    func completed(_ exchange: Exchange, status: Int, bytes: Int)
}
