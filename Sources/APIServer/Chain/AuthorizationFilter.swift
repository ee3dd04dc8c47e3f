import HTTP
import KubeAPI

/// ABAC (or AlwaysAllow/AlwaysDeny) on the authenticated user and the exchange's attributes (the request's
/// path, parsed once: the router reads the same ones).
/// A denial is a 403 `Status` with kube-apiserver's message, recorded like an authentication failure.
/// The attributes and decision of the last request on a connection are remembered (`ConnectionMemo`): the
/// same user asking for the same target under the same policy generation gets them without a second
/// derivation or rule walk; any reload starts a new generation, so the next request is decided afresh.
public struct AuthorizationFilter: APIFilter {
    let policy: PolicyStore
    let observatory: Observatory

    public init(policy: PolicyStore, observatory: Observatory) {
        self.policy = policy
        self.observatory = observatory
    }

    /// Who a request is from when no authenticator said (kube-apiserver's anonymous user).
    static let anonymous = UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        let user = exchange.user ?? Self.anonymous
        let request = exchange.request
        let (authorizer, generation) = policy.current
        let memo = ConnectionMemo.of(exchange.context.connection)
        let attributes: RequestAttributes
        let decision: AuthorizationDecision
        if let known = memo.decision(generation: generation, user: user, method: request.method, target: request.target)
        {
            (attributes, decision) = (known.attributes, known.decision)
            exchange.adopt(attributes)
        } else {
            attributes = exchange.attributes(for: user)
            decision = authorizer.authorize(attributes)
            memo.decision = ConnectionMemo.Decision(
                generation: generation, user: user, method: request.method, target: request.target,
                attributes: attributes, decision: decision)
        }
        exchange.authorization = decision
        switch decision {
        case .allow:
            next.handle(exchange)
        case .deny(let reason):
            observatory.recordAuthFailure(
                AuthFailureEvent(
                    time: wallClockNanoseconds(), port: exchange.port, client: exchange.clientHost,
                    reason: .forbidden, subject: user.name, path: String(request.path)),
                shard: exchange.context.connection.loopIndex)
            exchange.respond(StatusError.forbidden(attributes, reason: reason).response)
        }
    }
}
