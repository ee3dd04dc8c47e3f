import HTTP

/// What a bearer token turned out to be.
public enum TokenLookup: Sendable, Equatable {
    case user(UserInfo)
    /// Never issued, or revoked so long ago it was forgotten.
    case unknown(fingerprint: String)
    /// Taken away by a rotation or an edit of the file (and past any grace period).
    case revoked(fingerprint: String, user: String)
}

/// An immutable table of bearer tokens: one snapshot answers a whole request, and a rotation builds a
/// new one instead of changing this one.
///
/// Tokens are held only as SHA-256 digests; a lookup hashes the presented token and compares digests
/// in constant time (see `SecretDigest`), so neither memory nor timing gives a stored token away.
public final class TokenAuthenticator: Sendable {
    private let active: [SecretDigest: UserInfo]
    let revocations: Revocations

    /// Records repeating a token: the last one wins, as in kube-apiserver (the file parser refuses
    /// such files, so this only matters for records built in code).
    public init(records: [CredentialRecord], revocations: Revocations = Revocations()) {
        var table: [SecretDigest: UserInfo] = [:]
        for record in records {
            let digest = SecretDigest(of: record.secret)
            guard !digest.bytes.isEmpty else { continue }  // unhashable: could never match anyway
            table[digest] = record.userInfo
        }
        active = table
        self.revocations = revocations
    }

    /// A table of digests (the form etcd keeps them in): no token is needed to build one.
    init(entries: [(SecretDigest, UserInfo)], revocations: Revocations) {
        var table: [SecretDigest: UserInfo] = [:]
        for (digest, user) in entries where !digest.bytes.isEmpty { table[digest] = user }
        active = table
        self.revocations = revocations
    }

    public var tokenCount: Int { active.count }
    public var revokedCount: Int { revocations.count }

    /// `now` is wall-clock nanoseconds since the epoch; it only matters for tokens in a grace period.
    public func authenticate(_ token: String, now: Int64 = wallClockNanoseconds()) -> TokenLookup {
        lookup(token, now: now).result
    }

    /// The answer and until when it holds for this table (wall-clock nanoseconds): for ever for a token
    /// in the file, the end of its grace for a rotated one, not past `now` for a refusal.
    func lookup(_ token: String, now: Int64) -> (result: TokenLookup, validUntil: Int64) {
        let digest = SecretDigest(of: token)
        if let user = active[digest] { return (.user(user), .max) }
        guard let revoked = revocations.entry(for: digest) else {
            return (.unknown(fingerprint: digest.fingerprint), now)
        }
        if let deadline = revoked.graceUntil, now < deadline { return (.user(revoked.user), deadline) }
        return (.revoked(fingerprint: revoked.fingerprint, user: revoked.user.name), now)
    }
}
