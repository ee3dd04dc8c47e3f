import HTTP
import Synchronization

/// The token table in force and this master's token file, kept in step: a rotation commits the new
/// table through the `CredentialBackend` and writes the file; a reload reads the file and commits what
/// was edited in it. With the file backend (one master) the file is the record; with etcd the table is
/// the cluster's, and changes other masters commit arrive through the backend (`adopt`).
///
/// Readers call `authenticator()` once per request and use that snapshot throughout, so a rotation or
/// reload never shows a request half of each. Changes are serialized by their own lock, held across
/// the file I/O; the snapshot lock is only held to copy a reference, so requests never wait on fsync.
public final class TokenStore: Sendable {
    public let path: String

    private struct Snapshot: Sendable {
        var table: TokenTable
        var authenticator: TokenAuthenticator
    }

    /// The token file as this master last read or wrote it: its records (the tokens themselves, which
    /// only the file holds) and its identity (nil if it could not be stat'ed after a write).
    private struct LocalFile: Sendable {
        var records: [CredentialRecord]
        var identity: FileIdentity?
    }

    private let current: Mutex<Snapshot>
    private let changes: Mutex<LocalFile>
    private let backend: Mutex<any CredentialBackend>
    private let writeFile: @Sendable ([UInt8], String) throws(AtomicFileError) -> Void

    public convenience init(path: String, revocationCapacity: Int = Revocations.defaultCapacity)
        throws(CredentialFileError)
    {
        try self.init(path: path, revocationCapacity: revocationCapacity) { bytes, path throws(AtomicFileError) in
            try AtomicFile.write(bytes, to: path)
        }
    }

    /// `writeFile` is injectable so tests can make a rotation's write fail or "crash" part way.
    init(
        path: String, revocationCapacity: Int = Revocations.defaultCapacity,
        writeFile: @escaping @Sendable ([UInt8], String) throws(AtomicFileError) -> Void
    ) throws(CredentialFileError) {
        let (records, identity) = try CredentialFormat.token.load(path: path)
        self.path = path
        self.writeFile = writeFile
        let table = TokenTable(records: records, modified: identity.modified, revocationCapacity: revocationCapacity)
        current = Mutex(Snapshot(table: table, authenticator: table.authenticator()))
        changes = Mutex(LocalFile(records: records, identity: identity))
        backend = Mutex(FileCredentialBackend())
    }

    /// Hands the table over to `backend` (etcd): from now on the table in force is the backend's (seeded
    /// with this file's when it has none), and changes other masters commit are adopted as they come.
    public func share(through backend: any CredentialBackend) throws(CredentialBackendError) {
        try changes.withLock { _ throws(CredentialBackendError) in
            let seed = current.withLock { $0.table }
            adopt(try backend.openTokens(seed: seed), force: true)
            self.backend.withLock { $0 = backend }
        }
    }

    /// Where the table in force is kept.
    public var location: String { backend.withLock { $0.location } }

    /// Puts a table committed elsewhere in force, unless the one in force is as new.
    public func adopt(_ table: TokenTable) { adopt(table, force: false) }

    /// Only a newer table replaces the one in force: a commit's answer may arrive after the watch already
    /// brought a later change by another master, which must not be undone. (`force`: the first table.)
    private func adopt(_ table: TokenTable, force: Bool) {
        current.withLock { s in
            guard force || table.revision > s.table.revision else { return }
            s = Snapshot(table: table, authenticator: table.authenticator())
        }
    }

    /// The table to authenticate one request with.
    public func authenticator() -> TokenAuthenticator {
        current.withLock { $0.authenticator }
    }

    /// Whether `token` is one the table in force accepts as it is (not merely within a grace period).
    public func isActive(_ token: String) -> Bool {
        let digest = SecretDigest(of: token)
        return current.withLock { $0.table.entries.contains { $0.digest == digest } }
    }

    /// How many of the token file's tokens the table in force does not accept (with etcd: rotated on
    /// another master since this file was written, or the cluster was seeded from another file).
    public func fileTokensNotInForce() -> Int {
        let records = changes.withLock { $0.records }
        let active = current.withLock { Set($0.table.entries.map(\.digest)) }
        return records.filter { !active.contains(SecretDigest(of: $0.secret)) }.count
    }

    public func users() -> [TokenUserSummary] {
        let table = current.withLock { $0.table }
        return table.entries.map {
            TokenUserSummary(
                user: $0.user.name, uid: $0.user.uid, groups: $0.user.groups, fingerprint: $0.digest.fingerprint,
                rotatedAt: table.rotatedAt[$0.user.name] ?? 0, line: $0.line)
        }
    }

    /// Gives `user` one new token (a user with several lines keeps the first line's uid and groups, the
    /// others go) and returns it; this is the only time it is shown. The old tokens are refused from
    /// the swap on, or after `grace`. If the change cannot be committed nothing changes.
    public func rotateToken(
        user: String, grace: Duration = .zero,
        now: Int64 = wallClockNanoseconds()
    ) throws(TokenStoreError) -> String {
        let tokens = try rotate(only: user, grace: grace, now: now).tokens
        guard let token = tokens[user] else { throw .unknownUser(user) }
        return token
    }

    /// Rotates every user in one change; returns user → new token.
    public func rotateAll(grace: Duration = .zero, now: Int64 = wallClockNanoseconds()) throws(TokenStoreError)
        -> [String: String]
    {
        try rotate(only: nil, grace: grace, now: now).tokens
    }

    /// Like `rotateToken`, and says whether this master's token file could not follow (the change is in
    /// force in etcd all the same; the file keeps the old token).
    public func rotateTokenReporting(
        user: String, grace: Duration = .zero,
        now: Int64 = wallClockNanoseconds()
    ) throws(TokenStoreError) -> (token: String, localCopyError: TokenStoreError?) {
        let (tokens, localCopyError) = try rotate(only: user, grace: grace, now: now)
        guard let token = tokens[user] else { throw .unknownUser(user) }
        return (token, localCopyError)
    }

    /// Rereads the file after an outside edit and commits what changed in it since it was last read (with
    /// the file backend: the file is the table). Returns how many tokens the table then holds. A file that
    /// does not parse is refused (with its file and line) and the table stays. Tokens that leave become
    /// revoked (after `grace`, for an outside rotation such as `token rotate`); users whose tokens did not
    /// change keep their rotation time.
    @discardableResult
    public func reload(grace: Duration = .zero, now: Int64 = wallClockNanoseconds()) throws(TokenStoreError) -> Int {
        try changes.withLock { file throws(TokenStoreError) -> Int in
            let (records, loaded): ([CredentialRecord], FileIdentity)
            do throws(CredentialFileError) { (records, loaded) = try CredentialFormat.token.load(path: path) } catch {
                throw .fileRefused(error)
            }
            let deadline = grace > .zero ? Self.adding(grace, to: now) : nil
            let old = file.records
            let inForce = current.withLock { $0.table }
            let commit = try backend.withLock { $0 }.commitTokens(
                inForce: inForce,
                { table throws(TokenStoreError) in
                    table.applying(edit: old, to: records, at: now, modified: loaded.modified, graceUntil: deadline)
                }, persist: {})
            file = LocalFile(records: records, identity: loaded)
            adopt(commit.table, force: false)
            return commit.table.entries.count
        }
    }

    private func rotate(
        only target: String?, grace: Duration,
        now: Int64
    ) throws(TokenStoreError) -> (tokens: [String: String], localCopyError: TokenStoreError?) {
        try changes.withLock { file throws(TokenStoreError) -> ([String: String], TokenStoreError?) in
            let inForce = current.withLock { $0.table }
            if let target, inForce.firstEntry(of: target) == nil { throw .unknownUser(target) }
            guard let known = file.identity, FileIdentity.current(path: path) == known else {
                throw .changedOnDisk(path: path)
            }

            // The users as the table in force has them (with etcd, another master may have added one).
            var tokens: [String: String] = [:]
            for user in inForce.users where target == nil || user == target {
                guard let token = SecureRandom.token() else { throw .noRandomness }
                tokens[user] = token
            }
            let digests = tokens.mapValues { SecretDigest(of: $0) }
            let deadline = grace > .zero ? Self.adding(grace, to: now) : nil

            // The file with the rotated users' lines replaced (their first line keeps its place, the others
            // go; a user the file lacks gets a line at the end). Parsed back before it is written: the file
            // on disk must always be one we can read back.
            var records: [CredentialRecord] = []
            var rewritten: Set<String> = []
            for record in file.records {
                guard let token = tokens[record.user] else {
                    records.append(record)
                    continue
                }
                if rewritten.insert(record.user).inserted {
                    var replaced = record
                    replaced.secret = token
                    records.append(replaced)
                }
            }
            for user in inForce.users where tokens[user] != nil && !rewritten.contains(user) {
                guard let entry = inForce.firstEntry(of: user) else { continue }
                records.append(
                    CredentialRecord(secret: tokens[user]!, user: user, uid: entry.user.uid, groups: entry.user.groups))
            }
            let bytes = Array(TokenFile.render(records).utf8)
            let written: [CredentialRecord]
            do throws(CredentialFileError) {
                written = try CredentialFormat.token.parse(bytes, file: path)
            } catch {
                throw .unrenderable(error)
            }

            let commit = try backend.withLock { $0 }.commitTokens(
                inForce: inForce,
                { table throws(TokenStoreError) in
                    guard target.map({ table.firstEntry(of: $0) != nil }) ?? true else { throw .unknownUser(target!) }
                    return table.rotating(
                        digests.filter { user, _ in table.firstEntry(of: user) != nil }, at: now, graceUntil: deadline)
                },
                persist: { () throws(TokenStoreError) in
                    do throws(AtomicFileError) {
                        try writeFile(bytes, path)
                    } catch {
                        // Only the directory fsync failed: the new file is what everyone reads now, so the
                        // table must follow it (and the caller must get the new token).
                        if !error.targetReplaced { throw .writeFailed(error) }
                    }
                    file = LocalFile(records: written, identity: FileIdentity.current(path: path))
                })
            adopt(commit.table, force: false)
            return (tokens, commit.localCopyError)
        }
    }

    /// now + grace in nanoseconds, saturating instead of overflowing on absurd durations.
    static func adding(_ duration: Duration, to now: Int64) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? now : .max }
        let (nanoseconds, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return .max }
        let (sum, overflow3) = now.addingReportingOverflow(nanoseconds)
        return overflow3 ? (nanoseconds > 0 ? .max : .min) : sum
    }
}
