/// What a user name and password turned out to be.
public enum PasswordLookup: Sendable, Equatable {
    case user(UserInfo)
    case badPassword(user: String)
    case unknownUser
}

/// The basic-auth table: user name → SHA-256 of the password. Comparing fixed-size digests with
/// CRYPTO_memcmp makes the time independent of where (and whether) the passwords differ, and of
/// their lengths; an unknown user costs the same hash, so timing does not tell which users exist.
public final class BasicAuthenticator: Sendable {
    private struct Entry: Sendable {
        var digest: SecretDigest
        var user: UserInfo
    }

    private let users: [String: Entry]

    /// Records repeating a user: the last one wins, as in kube-apiserver.
    public init(records: [CredentialRecord]) {
        var table: [String: Entry] = [:]
        for record in records {
            table[record.user] = Entry(digest: SecretDigest(of: record.secret), user: record.userInfo)
        }
        users = table
    }

    public var userCount: Int { users.count }

    public func authenticate(user: String, password: String) -> PasswordLookup {
        let presented = SecretDigest(of: password)
        guard let entry = users[user] else { return .unknownUser }
        return presented == entry.digest ? .user(entry.user) : .badPassword(user: user)
    }
}
