import KubeAPI

/// The token table as etcd keeps it: JSON holding each token's SHA-256 (never the token), its user, uid
/// and groups, the revocations with their grace, and when each user's tokens last changed.
///
///     {"tokens":[{"sha256":"9f86…","user":"admin","uid":"admin","groups":["system:masters"],"line":1}],
///      "rotatedAt":{"admin":1764556800000000000},
///      "revoked":[{"sha256":"…","user":"viewer","uid":"viewer","groups":[],"revokedAt":…,"graceUntil":…}],
///      "changedBy":"apiserver-…"}
enum TokenTableDocument {
    static func encode(_ table: TokenTable, changedBy: String) -> [UInt8] {
        func user(_ u: UserInfo) -> [(key: String, value: JSONValue)] {
            [("user", .string(u.name)), ("uid", .string(u.uid)), ("groups", .array(u.groups.map { .string($0) }))]
        }
        let tokens = table.entries.map { e in
            JSONValue.object([("sha256", .string(e.digest.hex))] + user(e.user) + [("line", .int(e.line))])
        }
        let revoked = table.revocations.all.map { r in
            var members: [(key: String, value: JSONValue)] = [("sha256", .string(r.digest.hex))] + user(r.entry.user)
            members.append(("revokedAt", .number(String(r.entry.revokedAt))))
            if let grace = r.entry.graceUntil { members.append(("graceUntil", .number(String(grace)))) }
            return JSONValue.object(members)
        }
        let rotatedAt = table.rotatedAt.sorted { $0.key < $1.key }.map {
            (key: $0.key, value: JSONValue.number(String($0.value)))
        }
        return JSONValue.object([
            ("tokens", .array(tokens)), ("rotatedAt", .object(rotatedAt)), ("revoked", .array(revoked)),
            ("changedBy", .string(changedBy)),
        ]).bytes
    }

    /// The table `bytes` hold, at `revision`; an error saying what is wrong otherwise.
    static func decode(_ bytes: [UInt8], revision: Int64, revocationCapacity: Int = Revocations.defaultCapacity)
        throws(CredentialBackendError) -> TokenTable
    {
        let v: JSONValue
        do throws(JSONParser.Failure) { v = try JSONParser.parse(bytes) } catch {
            throw CredentialBackendError("the token table in etcd: \(error)")
        }
        func user(_ o: JSONValue) throws(CredentialBackendError) -> UserInfo {
            guard let name = o["user"]?.string, !name.isEmpty else {
                throw CredentialBackendError("the token table in etcd: an entry without a user")
            }
            return UserInfo(
                name: name, uid: o["uid"]?.string ?? "", groups: (o["groups"]?.array ?? []).compactMap(\.string))
        }
        func digest(_ o: JSONValue) throws(CredentialBackendError) -> SecretDigest {
            guard let digest = o["sha256"]?.string.flatMap(SecretDigest.init(hex:)) else {
                throw CredentialBackendError("the token table in etcd: an entry without a valid sha256")
            }
            return digest
        }
        guard let tokens = v["tokens"]?.array else {
            throw CredentialBackendError("the token table in etcd has no tokens list")
        }
        var entries: [TokenTable.Entry] = []
        for t in tokens {
            entries.append(TokenTable.Entry(digest: try digest(t), user: try user(t), line: t["line"]?.int ?? 0))
        }
        var revocations = Revocations(capacity: revocationCapacity)
        for r in v["revoked"]?.array ?? [] {
            revocations.revoke(
                try digest(r), user: try user(r), at: Int64(r["revokedAt"]?.int ?? 0),
                graceUntil: r["graceUntil"]?.int.map(Int64.init))
        }
        var rotatedAt: [String: Int64] = [:]
        for (name, time) in v["rotatedAt"]?.members ?? [] { rotatedAt[name] = Int64(time.int ?? 0) }
        return TokenTable(entries: entries, revocations: revocations, rotatedAt: rotatedAt, revision: revision)
    }
}
