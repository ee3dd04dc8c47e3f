/// A user of the token (or basic-auth) file, with the token's fingerprint, never the token.
public struct UserRow: Sendable, Equatable {
    public var user: String
    public var uid: String
    public var groups: [String]
    /// Token fingerprint, or "password" for basic-auth users.
    public var fingerprint: String
    /// Wall-clock nanoseconds of the last rotation (0: unknown).
    public var rotatedAt: Int64
    public var source: String

    public init(user: String, uid: String, groups: [String], fingerprint: String, rotatedAt: Int64, source: String) {
        self.user = user
        self.uid = uid
        self.groups = groups
        self.fingerprint = fingerprint
        self.rotatedAt = rotatedAt
        self.source = source
    }
}
