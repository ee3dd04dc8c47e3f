import KubeAPI
import Storage

/// Service account tokens in one place: the issuer behind `serviceaccounts/token`, the authenticator the
/// secure port and TokenReview use, the OIDC discovery documents and the log the console reads.
public struct ServiceAccountTokens: Sendable {
    public let keys: ServiceAccountKeys
    public let issuer: ServiceAccountTokenIssuer
    public let authenticator: ServiceAccountTokenAuthenticator
    /// Nil when the issuer is not an https URL (no discovery, as in kube-apiserver).
    public let discovery: OpenIDDiscovery?
    public let issued = IssuedTokenLog()

    /// `externalAddress`: `host:port` of the secure port, for the JWKS URL.
    public init(keys: ServiceAccountKeys, store: any Store, externalAddress: String) {
        self.keys = keys
        issuer = ServiceAccountTokenIssuer(
            issuer: keys.issuers[0], key: keys.signingKey, maxExpirationSeconds: keys.maxExpirationSeconds)
        authenticator = ServiceAccountTokenAuthenticator(
            issuers: keys.issuers, keys: keys.verificationKeys,
            implicitAudiences: keys.apiAudiences
        ) { [store] key in store.get(key)?.uid }
        discovery = OpenIDDiscovery(
            issuer: keys.issuers[0], externalAddress: externalAddress, keys: keys.verificationKeys)
    }
}
