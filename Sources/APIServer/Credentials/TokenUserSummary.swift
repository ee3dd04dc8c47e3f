/// One line of the token file as the console shows it: the token only by fingerprint.
public struct TokenUserSummary: Sendable, Equatable {
    public var user: String
    public var uid: String
    public var groups: [String]
    public var fingerprint: String
    /// When this user's tokens last changed (wall-clock nanoseconds since the epoch): a rotation, or
    /// the file's mtime for tokens read from it.
    public var rotatedAt: Int64
    public var line: Int
}
