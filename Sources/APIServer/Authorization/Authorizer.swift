/// What an authorizer says about a request. A denial carries the authorizer's reason, which kube-apiserver
/// appends to its Forbidden message (see `StatusError.forbidden`).
public enum AuthorizationDecision: Sendable, Equatable {
    case allow
    case deny(String)
}

/// Decides whether a request may proceed (`--authorization-mode`).
public protocol Authorizer: Sendable {
    func authorize(_ a: RequestAttributes) -> AuthorizationDecision
}

/// `--authorization-mode=AlwaysAllow`, the default when no policy file is given.
public struct AlwaysAllow: Authorizer {
    public init() {}
    public func authorize(_ a: RequestAttributes) -> AuthorizationDecision { .allow }
}

/// `--authorization-mode=AlwaysDeny`, with kube's reason.
public struct AlwaysDeny: Authorizer {
    public init() {}
    public func authorize(_ a: RequestAttributes) -> AuthorizationDecision { .deny("Everything is forbidden.") }
}
