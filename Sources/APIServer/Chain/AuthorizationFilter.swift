import HTTP
import KubeAPI

/// ABAC (or AlwaysAllow/AlwaysDeny) on the authenticated user and the exchange's attributes (the request's
/// path, parsed once: the router reads the same ones).
/// A denial is a 403 `Status` with kube-apiserver's message, recorded like an authentication failure.
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
        let attributes = exchange.attributes(for: user)
        let decision = policy.authorizer.authorize(attributes)
        exchange.authorization = decision
        switch decision {
        case .allow:
            next.handle(exchange)
        case .deny(let reason):
            observatory.recordAuthFailure(AuthFailureEvent(time: wallClockNanoseconds(), port: exchange.port, client: exchange.clientHost,
                                                           reason: .forbidden, subject: user.name, path: String(request.path)),
                                          shard: exchange.context.connection.loopIndex)
            exchange.respond(StatusError.forbidden(attributes, reason: reason).response)
        }
    }
}
