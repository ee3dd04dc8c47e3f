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
    /// What the request asks for (kube's RequestInfo: `RequestAttributes.from`), worked out from the request
    /// line the first time anything reads it (the authorizer on the secure port, the router on the others)
    /// and kept: no request's path is parsed twice, and a path nobody asks about (/version) is not parsed
    /// at all. Read on the loop thread while the chain and the router run. Its `user` is the one the
    /// authorizer asked for, empty where nothing authorizes.
    public var attributes: RequestAttributes { parsedAttributes ?? parse(user: UserInfo(name: "")) }

    /// The attributes with `user` filled in, as an authorizer needs them.
    func attributes(for user: UserInfo) -> RequestAttributes {
        guard var parsed = parsedAttributes else { return parse(user: user) }
        parsed.user = user
        return parsed
    }

    /// Takes attributes worked out for this very request line before (the connection's memo of its last
    /// decision) instead of parsing the path again.
    func adopt(_ attributes: RequestAttributes) {
        parsedAttributes = attributes
    }

    /// From the path, or from the connection's memo when its last request had the same method and target.
    private func parse(user: UserInfo) -> RequestAttributes {
        let memo = ConnectionMemo.of(context.connection)
        if var known = memo.attributes(method: request.method, target: request.target) {
            known.user = user
            parsedAttributes = known
            return known
        }
        let parsed = RequestAttributes.from(
            method: request.method, path: request.path, query: request.query, user: user)
        memo.parsed = ConnectionMemo.Parsed(method: request.method, target: request.target, attributes: parsed)
        parsedAttributes = parsed
        return parsed
    }

    // A plain optional, set once, rather than a `lazy var` or a placeholder value: those cost several hundred
    // instructions per request on the secure port (copies through value witnesses, a user set twice).
    private var parsedAttributes: RequestAttributes?
    /// What the authorizer said, once asked (the audit log records it as kube's annotations do).
    public internal(set) var authorization: AuthorizationDecision?
    /// Told of the answer (status, body size) exactly once; set by `ObserveFilter`.
    var observer: (any ExchangeObserver)?
    /// Told of the answer after the observer, in the order added (in-flight slots, the audit log).
    private(set) var hooks: [any ExchangeHook] = []

    /// Room for both hooks a request may get at once: one allocation, not one and a regrowth.
    func addHook(_ hook: any ExchangeHook) {
        if hooks.isEmpty { hooks.reserveCapacity(2) }
        hooks.append(hook)
    }
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
        observer?.completed(self, status: response.status.code, bytes: request.isHead ? 0 : response.bodyCount)
        for hook in hooks { hook.answered(self, response: response) }
        responder.send(response)
    }

    /// Starts a streamed answer (watch). The observer records it when it starts.
    public func stream(_ head: HTTPResponseHead) -> HTTPStream? {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        observer?.completed(self, status: head.status.code, bytes: 0)
        let stream = responder.stream(head)
        for hook in hooks { hook.streaming(self, head: head, stream: stream) }
        return stream
    }
}

public protocol ExchangeObserver: Sendable {
    func completed(_ exchange: Exchange, status: Int, bytes: Int)
}
