/// The bearer-token authenticators as kube-apiserver unions them: the token file (`--token-auth-file`),
/// then service account tokens. The secure port asks it for every bearer token; TokenReview asks it on
/// behalf of another component, naming the audiences that component answers to.
public struct BearerTokenAuthenticator: Sendable {
    public let tokens: TokenStore?
    public let serviceAccounts: ServiceAccountTokenAuthenticator?

    public enum Outcome: Sendable, Equatable {
        /// With the audiences the token is good for among those asked about (empty when none were named).
        case authenticated(UserInfo, audiences: [String])
        case unknown(fingerprint: String)
        case revoked(fingerprint: String, user: String)
        /// A service account token this server signed, refused: kube's error, and who it claimed to be.
        case refused(String, subject: String)
    }

    public init(tokens: TokenStore?, serviceAccounts: ServiceAccountTokenAuthenticator?) {
        self.tokens = tokens
        self.serviceAccounts = serviceAccounts
    }

    /// The API's own audiences (kube's --api-audiences).
    public var apiAudiences: [String] { serviceAccounts?.implicitAudiences ?? [] }

    /// `audiences` nil: a request to this server. Otherwise the audiences a TokenReview asks about: a
    /// token-file token is good only for the API's own (kube's audience-agnostic wrapper), a service account
    /// token for those in its `aud`.
    public func authenticate(_ token: Substring, audiences: [String]? = nil) -> Outcome {
        var unknown: String?
        if let tokens {
            switch tokens.authenticator().authenticate(String(token)) {
            case .user(let user):
                guard let audiences, !apiAudiences.isEmpty else { return .authenticated(user, audiences: []) }
                let granted = apiAudiences.filter(audiences.contains)
                if !granted.isEmpty { return .authenticated(user, audiences: granted) }
                unknown = SecretDigest(of: String(token)).fingerprint
            case .revoked(let fingerprint, let user):
                return .revoked(fingerprint: fingerprint, user: user)
            case .unknown(let fingerprint):
                unknown = fingerprint
            }
        }
        if let serviceAccounts {
            switch serviceAccounts.authenticate(token, audiences: audiences) {
            case .authenticated(let user, let granted): return .authenticated(user, audiences: granted)
            case .refused(let why, let subject): return .refused(why, subject: subject)
            case .notServiceAccountToken: break
            }
        }
        return .unknown(fingerprint: unknown ?? SecretDigest(of: String(token)).fingerprint)
    }
}
