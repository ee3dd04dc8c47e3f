import HTTP
import KubeAPI
import Storage
import Synchronization

/// Authenticates service account tokens (kube's jwtTokenAuthenticator and its validator): a JWT from one of
/// the issuers, signed by one of the verification keys, meant for one of the audiences asked for, not
/// expired, whose service account (and bound pod, secret or node) still exists with the uid in the token.
///
/// Per request the cost is a hash, a dictionary lookup and a few lookups in the store's memory: a token
/// whose signature has been checked once is remembered by digest (up to `verifiedCacheCapacity`), and the
/// objects it names are looked up by key in the watch cache, never on disk.
public final class ServiceAccountTokenAuthenticator: Sendable {
    /// go-jose's DefaultLeeway: clocks may disagree by this much about exp and nbf.
    public static let leewaySeconds: Int64 = 60
    /// Tokens whose signatures are remembered; beyond it the expired ones go, then all of them.
    public static let verifiedCacheCapacity = 4096

    /// The uid of the object at a key, or nil when there is none (the store's memory).
    public typealias UIDLookup = @Sendable (ObjectKey) -> String?

    let issuers: Set<String>
    let keysByID: [String: [ES256Key]]
    let allKeys: [ES256Key]
    /// kube's --api-audiences: what a token without `aud`, and a request naming none, are taken to mean.
    public let implicitAudiences: [String]
    let lookup: UIDLookup
    private let verified = Mutex<[SecretDigest: ServiceAccountClaims]>([:])

    public init(issuers: [String], keys: [ES256Key], implicitAudiences: [String], lookup: @escaping UIDLookup) {
        self.issuers = Set(issuers)
        allKeys = keys
        keysByID = Dictionary(grouping: keys, by: \.keyID)
        self.implicitAudiences = implicitAudiences
        self.lookup = lookup
    }

    /// `audiences`: what the caller will accept (a TokenReview's spec.audiences); nil for this server's.
    /// `now`: seconds since the epoch.
    public func authenticate(
        _ token: Substring, audiences: [String]? = nil,
        now: Int64 = wallClockNanoseconds() / 1_000_000_000
    ) -> ServiceAccountTokenOutcome {
        // A token seen before skips parsing and the signature: its digest finds the claims it was checked for.
        let digest = SecretDigest(of: String(token))
        let claims: ServiceAccountClaims
        if let known = verified.withLock({ $0[digest] }) {
            claims = known
        } else {
            // hasCorrectIssuer: only tokens claiming one of our issuers are ours to judge.
            guard let parts = JWT.parse(token), let issuer = parts.payload["iss"]?.string, issuers.contains(issuer)
            else {
                return .notServiceAccountToken
            }
            switch verifiedClaims(parts, digest: digest, now: now) {
            case .success(let c): claims = c
            case .failure(let refusal): return .refused(refusal.message, subject: digest.fingerprint)
            }
        }
        let subject = claims.subject
        let tokenAudiences = claims.audiences.isEmpty ? implicitAudiences : claims.audiences
        let requested = audiences ?? implicitAudiences
        let granted = tokenAudiences.filter(requested.contains)
        if granted.isEmpty && !implicitAudiences.isEmpty {
            return .refused(
                "token audiences \(Self.goList(tokenAudiences)) is invalid for the target audiences \(Self.goList(requested))",
                subject: subject)
        }
        if let why = Self.timeProblem(claims, now: now) { return .refused(why, subject: subject) }
        if let why = boundObjectProblem(claims) { return .refused(why, subject: subject) }
        return .authenticated(ServiceAccountUser.user(claims), audiences: granted)
    }

    struct Refusal: Error { let message: String }

    /// The claims of a token not seen before, once its signature checks out (and then remembered).
    private func verifiedClaims(_ parts: JWT.Parts, digest: SecretDigest, now: Int64) -> Result<
        ServiceAccountClaims, Refusal
    > {
        let candidates = parts.keyID.map { keysByID[$0] ?? [] } ?? allKeys
        guard !candidates.isEmpty else { return .failure(Refusal(message: "invalid signature, no keys found")) }
        guard parts.algorithm == JWT.algorithm,
            candidates.contains(where: { $0.verify(parts.signature, of: parts.signingInput) })
        else {
            // go-jose's error, once per key tried (an aggregate when there are several).
            let one =
                parts.algorithm == JWT.algorithm
                ? "go-jose/go-jose: error in cryptographic primitive"
                : "go-jose/go-jose: unexpected signature algorithm \"\(parts.algorithm ?? "")\"; expected [\"ES256\"]"
            return .failure(
                Refusal(
                    message: candidates.count == 1
                        ? one : "[" + Array(repeating: one, count: candidates.count).joined(separator: ", ") + "]"))
        }
        guard let claims = ServiceAccountClaims(payload: parts.payload) else {
            return .failure(
                Refusal(message: "service account token claims could not be validated due to unexpected private claim"))
        }
        remember(claims, digest: digest, now: now)
        return .success(claims)
    }

    private func remember(_ claims: ServiceAccountClaims, digest: SecretDigest, now: Int64) {
        verified.withLock { cache in
            if cache.count >= Self.verifiedCacheCapacity {
                cache = cache.filter { $0.value.expiry + Self.leewaySeconds >= now }
                if cache.count >= Self.verifiedCacheCapacity { cache.removeAll(keepingCapacity: true) }
            }
            cache[digest] = claims
        }
    }

    /// go-jose's Claims.ValidateWithLeeway, with kube's messages.
    static func timeProblem(_ claims: ServiceAccountClaims, now: Int64) -> String? {
        if now - leewaySeconds > claims.expiry { return "service account token has expired" }
        if claims.notBefore != 0 && now + leewaySeconds < claims.notBefore {
            return "service account token is not valid yet"
        }
        return nil
    }

    /// The account, and whatever the token is bound to, must still be there with the uid it names.
    private func boundObjectProblem(_ claims: ServiceAccountClaims) -> String? {
        let ns = claims.namespace, account = claims.serviceAccount
        guard let uid = lookup(ObjectKey(resource: "serviceaccounts", namespace: ns, name: account.name)) else {
            return "serviceaccounts \"\(account.name)\" not found"
        }
        guard uid == account.uid else { return "service account UID (\(uid)) does not match claim (\(account.uid))" }
        if let secret = claims.secret {
            guard let uid = lookup(ObjectKey(resource: "secrets", namespace: ns, name: secret.name)) else {
                return "service account token has been invalidated"
            }
            guard uid == secret.uid else {
                return "secret UID (\(uid)) does not match service account secret ref claim (\(secret.uid))"
            }
        }
        if let pod = claims.pod {
            guard let uid = lookup(ObjectKey(resource: "pods", namespace: ns, name: pod.name)) else {
                return "service account token has been invalidated"
            }
            guard uid == pod.uid else {
                return "pod UID (\(uid)) does not match service account pod ref claim (\(pod.uid))"
            }
        } else if let node = claims.node {
            // A node-bound token (a pod-bound one only names its pod's node for information).
            guard let uid = lookup(ObjectKey(resource: "nodes", name: node.name)) else {
                return "service account token has been invalidated"
            }
            guard uid == node.uid else {
                return "node UID (\(uid)) does not match service account node ref claim (\(node.uid))"
            }
        }
        return nil
    }

    /// Go's `%q` of a []string: `["a" "b"]`.
    static func goList(_ values: [String]) -> String {
        "[" + values.map(GoQuote.quote).joined(separator: " ") + "]"
    }
}
