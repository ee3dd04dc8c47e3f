/// Signs service account tokens (kube's jwtTokenGenerator) with the signing key, as the first issuer.
public final class ServiceAccountTokenIssuer: Sendable {
    /// TokenRequestSpec's default expirationSeconds (SetDefaults_TokenRequestSpec).
    public static let defaultExpirationSeconds: Int64 = 3600
    /// ValidateTokenRequest's bounds: at least ten minutes, at most 2^32 seconds.
    public static let minimumExpirationSeconds: Int64 = 600
    public static let maximumExpirationSeconds: Int64 = 1 << 32
    /// The kubelet's projected token lifetime that kube-apiserver extends (`--service-account-extend-token-expiration`,
    /// on by default): such a pod-bound token for the API's audiences lives a year, warning after the hour.
    public static let warnOnlyExpirationSeconds: Int64 = 60 * 60 + 7
    public static let extendedExpirationSeconds: Int64 = 24 * 365 * 60 * 60

    public let issuer: String
    let key: ES256Key
    /// `--service-account-max-token-expiration` in seconds; 0: no limit but the validation bound.
    public let maxExpirationSeconds: Int64

    public init(issuer: String, key: ES256Key, maxExpirationSeconds: Int64) {
        self.issuer = issuer
        self.key = key
        self.maxExpirationSeconds = maxExpirationSeconds
    }

    public var keyID: String { key.keyID }

    /// The signed token for `claims` (their issuer is replaced by this one, as go-jose's builder does).
    public func sign(_ claims: ServiceAccountClaims) throws(CertificateError) -> String {
        var claims = claims
        claims.issuer = issuer
        return try JWT.sign(claims.payload, with: key)
    }
}
