/// The bearer tokens in force, as digests: whom each authenticates, the tokens revoked (for the "revoked"
/// report and the rotation grace) and when each user's tokens last changed. A value: the token file gives
/// one, etcd keeps one for every master, and every change (a rotation, an edit of the file) makes a new
/// one. It never holds a token, only SHA-256 digests, so it can leave the process (etcd).
public struct TokenTable: Sendable {
    struct Entry: Sendable, Equatable {
        var digest: SecretDigest
        var user: UserInfo
        /// The token file's line it came from (shown by the console); 0 when it came from no file.
        var line: Int
    }

    /// In the token file's order (a user's first entry gives its uid and groups for a rotation).
    var entries: [Entry]
    var revocations: Revocations
    /// User → wall-clock nanoseconds of the last change of its tokens.
    var rotatedAt: [String: Int64]
    /// The version of the table where it is kept: etcd's mod revision, or a count of the changes made
    /// in this process. A table only replaces one with a lower revision.
    public var revision: Int64 = 0

    init(entries: [Entry], revocations: Revocations, rotatedAt: [String: Int64], revision: Int64 = 0) {
        self.entries = entries
        self.revocations = revocations
        self.rotatedAt = rotatedAt
        self.revision = revision
    }

    /// The table of a token file's records, all changed at `modified` (the file's mtime).
    init(records: [CredentialRecord], modified: Int64, revocationCapacity: Int = Revocations.defaultCapacity) {
        entries = records.map { Entry(digest: SecretDigest(of: $0.secret), user: $0.userInfo, line: $0.line) }
        revocations = Revocations(capacity: revocationCapacity)
        rotatedAt = Dictionary(records.map { ($0.user, modified) }, uniquingKeysWith: { first, _ in first })
    }

    /// The users, each once, in order.
    var users: [String] {
        var seen: Set<String> = []
        return entries.compactMap { seen.insert($0.user.name).inserted ? $0.user.name : nil }
    }

    func firstEntry(of user: String) -> Entry? { entries.first { $0.user.name == user } }

    /// Each user given one new token (by its digest): their old tokens are revoked (still accepted until
    /// `graceUntil`, if set), the user keeps its first entry's uid and groups.
    func rotating(_ digests: [String: SecretDigest], at now: Int64, graceUntil: Int64?) -> TokenTable {
        var next = self
        next.entries = []
        var done: Set<String> = []
        for entry in entries {
            guard let digest = digests[entry.user.name] else {
                next.entries.append(entry)
                continue
            }
            next.revocations.revoke(entry.digest, user: entry.user, at: now, graceUntil: graceUntil)
            if done.insert(entry.user.name).inserted {
                next.entries.append(Entry(digest: digest, user: entry.user, line: entry.line))
                next.rotatedAt[entry.user.name] = now
            }
        }
        for digest in digests.values { next.revocations.forget(digest) }
        return next
    }

    /// What an edit of the token file changes, applied to this table: the users whose lines differ
    /// between `old` (the file as last read) and `new` take their entries from `new` (a user gone from the
    /// file is gone), tokens that leave are revoked (until `graceUntil`), and the rest of the table is
    /// left as it is. With the file as the only source (this table made from `old`) that is simply the
    /// new file; with etcd it applies exactly the edit, keeping what other masters changed meanwhile.
    func applying(
        edit old: [CredentialRecord], to new: [CredentialRecord], at now: Int64, modified: Int64,
        graceUntil: Int64?
    ) -> TokenTable {
        let before = Self.linesByUser(old), after = Self.linesByUser(new)
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return self }

        var next = self
        next.entries = []
        var emitted: Set<String> = []
        func emit(_ user: String) {
            guard emitted.insert(user).inserted else { return }
            next.entries += (after[user] ?? []).map { Entry(digest: $0.digest, user: $0.user, line: $0.line) }
            let digestsBefore = Set(before[user]?.map(\.digest) ?? []),
                digestsAfter = Set(after[user]?.map(\.digest) ?? [])
            next.rotatedAt[user] =
                after[user] == nil ? nil : digestsBefore == digestsAfter ? rotatedAt[user] ?? modified : modified
        }
        for entry in entries {
            let user = entry.user.name
            guard changed.contains(user) else {
                next.entries.append(entry)
                continue
            }
            if !(after[user]?.contains { $0.digest == entry.digest } ?? false) {
                next.revocations.revoke(entry.digest, user: entry.user, at: now, graceUntil: graceUntil)
            }
            emit(user)  // in place of the user's first entry
        }
        for user in new.map(\.user).uniqued() where changed.contains(user) { emit(user) }  // users new to the table
        // Lines as the file has them now (the console shows them); tokens put back are valid again.
        let lines = Dictionary(
            new.map { (SecretDigest(of: $0.secret), $0.line) }, uniquingKeysWith: { first, _ in first })
        for i in next.entries.indices {
            if let line = lines[next.entries[i].digest] { next.entries[i].line = line }
            next.revocations.forget(next.entries[i].digest)
        }
        return next
    }

    /// A file's lines per user, as compared by `applying` (the line number is not part of the comparison).
    private struct Line: Equatable {
        var digest: SecretDigest
        var user: UserInfo
        var line: Int
        static func == (a: Line, b: Line) -> Bool { a.digest == b.digest && a.user == b.user }
    }

    private static func linesByUser(_ records: [CredentialRecord]) -> [String: [Line]] {
        var out: [String: [Line]] = [:]
        for record in records {
            out[record.user, default: []].append(
                Line(digest: SecretDigest(of: record.secret), user: record.userInfo, line: record.line))
        }
        return out
    }

    func authenticator() -> TokenAuthenticator {
        TokenAuthenticator(entries: entries.map { ($0.digest, $0.user) }, revocations: revocations)
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
