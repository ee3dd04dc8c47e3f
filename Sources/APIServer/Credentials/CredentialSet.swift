/// What the secure port authenticates against; each source is consulted per request for its current
/// snapshot, so a rotation or reload never tears a request.
public struct CredentialSet: Sendable {
    public var basic: BasicAuthenticator?
    public var clientCertificates: Bool
    public var tokens: TokenStore?
    /// Service account tokens (JWTs this server signed), tried after the token file.
    public var serviceAccounts: ServiceAccountTokenAuthenticator?

    public init(
        basic: BasicAuthenticator?, clientCertificates: Bool, tokens: TokenStore?,
        serviceAccounts: ServiceAccountTokenAuthenticator? = nil
    ) {
        self.basic = basic
        self.clientCertificates = clientCertificates
        self.tokens = tokens
        self.serviceAccounts = serviceAccounts
    }

    /// The bearer-token authenticators, in kube-apiserver's order.
    public var bearer: BearerTokenAuthenticator {
        BearerTokenAuthenticator(tokens: tokens, serviceAccounts: serviceAccounts)
    }
}
