/// What the service account token authenticator made of a bearer token.
public enum ServiceAccountTokenOutcome: Sendable, Equatable {
    /// Not a JWT from one of this server's issuers: another authenticator's business.
    case notServiceAccountToken
    /// The account's user and the audiences the token is good for here.
    case authenticated(UserInfo, audiences: [String])
    /// One of ours, but refused: kube's error text, and who the token claimed to be (or its fingerprint
    /// when nothing in it could be trusted).
    case refused(String, subject: String)
}
