/// What the secure port authenticates against; each source is consulted per request for its current
/// snapshot, so a rotation or reload never tears a request.
public struct CredentialSet: Sendable {
    public var basic: BasicAuthenticator?
    public var clientCertificates: Bool
    public var tokens: TokenStore?

    public init(basic: BasicAuthenticator?, clientCertificates: Bool, tokens: TokenStore?) {
        self.basic = basic
        self.clientCertificates = clientCertificates
        self.tokens = tokens
    }
}
