import HTTP
import Synchronization

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

public enum TokenStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownUser(String)
    /// Someone edited the file since it was loaded: rewriting it would throw their edit away.
    case changedOnDisk(path: String)
    case noRandomness
    /// What we were about to write does not read back (e.g. a group name holding a comma).
    case unrenderable(CredentialFileError)
    case writeFailed(AtomicFileError)

    public var description: String {
        switch self {
        case .unknownUser(let user): "no token for user \"\(user)\" in the token file"
        case .changedOnDisk(let path): "\(path) changed on disk since it was loaded; reload it first"
        case .noRandomness: "OpenSSL could not produce random bytes; no token was made"
        case .unrenderable(let error): "the new token file would not read back: \(error)"
        case .writeFailed(let error): "\(error); the old tokens stay in force"
        }
    }
}

/// The token file and the table made from it, kept in step: rotations rewrite the file and then swap
/// the table; reloads read the file and swap the table only if the whole file is valid.
///
/// Readers call `authenticator()` once per request and use that snapshot throughout, so a rotation or
/// reload never shows a request half of each. Changes are serialized by their own lock, held across
/// the file I/O; the snapshot lock is only held to copy a reference, so requests never wait on fsync.
public final class TokenStore: Sendable {
    public let path: String

    private struct Snapshot: Sendable {
        var records: [CredentialRecord]
        var authenticator: TokenAuthenticator
        var rotatedAt: [String: Int64]
    }

    private let current: Mutex<Snapshot>
    /// The identity of the file as we last read or wrote it; nil if it could not be stat'ed after a write.
    private let changes: Mutex<FileIdentity?>
    private let writeFile: @Sendable ([UInt8], String) throws(AtomicFileError) -> Void

    public convenience init(path: String, revocationCapacity: Int = Revocations.defaultCapacity) throws(CredentialFileError) {
        try self.init(path: path, revocationCapacity: revocationCapacity) { bytes, path throws(AtomicFileError) in
            try AtomicFile.write(bytes, to: path)
        }
    }

    /// `writeFile` is injectable so tests can make a rotation's write fail or "crash" part way.
    init(path: String, revocationCapacity: Int = Revocations.defaultCapacity,
         writeFile: @escaping @Sendable ([UInt8], String) throws(AtomicFileError) -> Void) throws(CredentialFileError) {
        let (records, identity) = try CredentialFormat.token.load(path: path)
        self.path = path
        self.writeFile = writeFile
        let rotatedAt = Dictionary(records.map { ($0.user, identity.modified) }, uniquingKeysWith: { first, _ in first })
        current = Mutex(Snapshot(records: records,
                                 authenticator: TokenAuthenticator(records: records,
                                                                   revocations: Revocations(capacity: revocationCapacity)),
                                 rotatedAt: rotatedAt))
        changes = Mutex(identity)
    }

    /// The table to authenticate one request with.
    public func authenticator() -> TokenAuthenticator {
        current.withLock { $0.authenticator }
    }

    public func users() -> [TokenUserSummary] {
        let snapshot = current.withLock { $0 }
        return snapshot.records.map {
            TokenUserSummary(user: $0.user, uid: $0.uid, groups: $0.groups, fingerprint: Fingerprint.of($0.secret),
                             rotatedAt: snapshot.rotatedAt[$0.user] ?? 0, line: $0.line)
        }
    }

    /// Gives `user` one new token (a user with several lines keeps the first line's uid and groups, the
    /// others go) and returns it; this is the only time it is shown. The old tokens are refused from
    /// the swap on, or after `grace`. If the file cannot be written nothing changes.
    public func rotateToken(user: String, grace: Duration = .zero,
                            now: Int64 = wallClockNanoseconds()) throws(TokenStoreError) -> String {
        let tokens = try rotate(only: user, grace: grace, now: now)
        guard let token = tokens[user] else { throw .unknownUser(user) }
        return token
    }

    /// Rotates every user in one rewrite of the file; returns user → new token.
    public func rotateAll(grace: Duration = .zero, now: Int64 = wallClockNanoseconds()) throws(TokenStoreError) -> [String: String] {
        try rotate(only: nil, grace: grace, now: now)
    }

    /// Rereads the file after an outside edit and returns how many tokens it holds. A file that does not
    /// parse is refused (with its file and line) and the current table stays. Tokens gone from the file
    /// become revoked; users whose tokens did not change keep their rotation time.
    @discardableResult
    /// `grace`: how long tokens that left the file keep working (an outside rotation, `token rotate`).
    public func reload(grace: Duration = .zero, now: Int64 = wallClockNanoseconds()) throws(CredentialFileError) -> Int {
        try changes.withLock { identity throws(CredentialFileError) -> Int in
            let (records, loaded) = try CredentialFormat.token.load(path: path)
            let old = current.withLock { $0 }

            let oldDigests = Self.digestsByUser(old.records)
            let newDigests = Self.digestsByUser(records)
            let stillValid = Set(newDigests.values.joined())
            var revocations = old.authenticator.revocations
            for record in old.records {
                let digest = SecretDigest(of: record.secret)
                if !stillValid.contains(digest) {
                    let graceNanos = grace.components.seconds * 1_000_000_000 + grace.components.attoseconds / 1_000_000_000
                    revocations.revoke(digest, user: record.userInfo, at: now, graceUntil: graceNanos > 0 ? now + graceNanos : nil)
                }
            }
            for digest in stillValid { revocations.forget(digest) }

            var rotatedAt: [String: Int64] = [:]
            for (user, digests) in newDigests {
                let unchanged = oldDigests[user] == digests
                rotatedAt[user] = (unchanged ? old.rotatedAt[user] : nil) ?? loaded.modified
            }

            identity = loaded
            let snapshot = Snapshot(records: records,
                                    authenticator: TokenAuthenticator(records: records, revocations: revocations),
                                    rotatedAt: rotatedAt)
            current.withLock { $0 = snapshot }
            return records.count
        }
    }

    private func rotate(only target: String?, grace: Duration, now: Int64) throws(TokenStoreError) -> [String: String] {
        try changes.withLock { identity throws(TokenStoreError) -> [String: String] in
            let old = current.withLock { $0 }
            if let target, !old.records.contains(where: { $0.user == target }) { throw .unknownUser(target) }
            guard let known = identity, FileIdentity.current(path: path) == known else { throw .changedOnDisk(path: path) }

            var tokens: [String: String] = [:]
            for record in old.records where target == nil || record.user == target {
                if tokens[record.user] != nil { continue }
                guard let token = SecureRandom.token() else { throw .noRandomness }
                tokens[record.user] = token
            }

            let deadline = grace > .zero ? Self.adding(grace, to: now) : nil
            var revocations = old.authenticator.revocations
            var records: [CredentialRecord] = []
            var rotated: Set<String> = []
            for record in old.records {
                guard let token = tokens[record.user] else {
                    records.append(record)
                    continue
                }
                revocations.revoke(SecretDigest(of: record.secret), user: record.userInfo, at: now, graceUntil: deadline)
                if rotated.insert(record.user).inserted {
                    var replaced = record
                    replaced.secret = token
                    records.append(replaced)
                }
            }

            // Parse what we are about to write: the file on disk must always be one we can read back,
            // and the table is built from exactly those records (with their new line numbers).
            let bytes = Array(TokenFile.render(records).utf8)
            let written: [CredentialRecord]
            do throws(CredentialFileError) {
                written = try CredentialFormat.token.parse(bytes, file: path)
            } catch {
                throw .unrenderable(error)
            }
            do throws(AtomicFileError) {
                try writeFile(bytes, path)
            } catch {
                // Only the directory fsync failed: the new file is what everyone reads now, so the
                // table must follow it (and the caller must get the new token).
                if !error.targetReplaced { throw .writeFailed(error) }
            }
            identity = FileIdentity.current(path: path)

            for token in tokens.values { revocations.forget(SecretDigest(of: token)) }
            var rotatedAt = old.rotatedAt
            for user in tokens.keys { rotatedAt[user] = now }
            let snapshot = Snapshot(records: written,
                                    authenticator: TokenAuthenticator(records: written, revocations: revocations),
                                    rotatedAt: rotatedAt)
            current.withLock { $0 = snapshot }
            return tokens
        }
    }

    private static func digestsByUser(_ records: [CredentialRecord]) -> [String: Set<SecretDigest>] {
        var out: [String: Set<SecretDigest>] = [:]
        for record in records { out[record.user, default: []].insert(SecretDigest(of: record.secret)) }
        return out
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
