/// Tokens taken away by a rotation or an edit of the file, remembered so a request bearing one is
/// reported as "revoked" (someone is still using an old credential) rather than "unknown" (someone is
/// guessing), and so a rotation can let the old token work a little longer (a grace period).
///
/// Bounded: only the most recent `capacity` revocations are kept; older ones become "unknown".
public struct Revocations: Sendable {
    public static let defaultCapacity = 1_000

    struct Entry: Sendable {
        var user: UserInfo
        var fingerprint: String
        /// Wall-clock nanoseconds since the epoch.
        var revokedAt: Int64
        /// Until this moment (exclusive) the token still authenticates; nil: refused at once.
        var graceUntil: Int64?
    }

    public let capacity: Int
    private var entries: [SecretDigest: Entry] = [:]
    /// Oldest first, for eviction.
    private var order: [SecretDigest] = []

    public init(capacity: Int = Revocations.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { entries.count }

    func entry(for digest: SecretDigest) -> Entry? { entries[digest] }

    /// Every revocation, oldest first (revoking them in this order into an empty set gives this one back).
    var all: [(digest: SecretDigest, entry: Entry)] { order.compactMap { d in entries[d].map { (d, $0) } } }

    /// A digest revoked twice keeps its first revocation (and grace): a second rotation must not extend it.
    mutating func revoke(_ digest: SecretDigest, user: UserInfo, at time: Int64, graceUntil: Int64?) {
        guard !digest.bytes.isEmpty, entries[digest] == nil else { return }
        entries[digest] = Entry(user: user, fingerprint: digest.fingerprint, revokedAt: time, graceUntil: graceUntil)
        order.append(digest)
        if order.count > capacity {
            entries[order.removeFirst()] = nil
        }
    }

    /// A token put back into the file is valid again, not revoked.
    mutating func forget(_ digest: SecretDigest) {
        guard entries.removeValue(forKey: digest) != nil else { return }
        order.removeAll { $0 == digest }
    }
}
