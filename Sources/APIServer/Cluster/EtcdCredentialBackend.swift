import KubeAPI
import Storage
import Synchronization

/// The token table and the policy kept in etcd for every master (under `ClusterKeys.credentials`), each
/// one key holding JSON: changes are compare-and-swap transactions on the key's revision, so of two
/// masters changing the table at once one wins and the other applies its change again on the winner's
/// table (nothing is lost); every master follows the keys and adopts what the others commit.
public final class EtcdCredentialBackend: CredentialBackend {
    /// A change that keeps losing to other masters' changes gives up after this many tries.
    static let maxAttempts = 16

    private let keyspace: EtcdKeyspace
    /// This master's name, recorded with each change of the token table (`changedBy`).
    private let master: String
    private let follower = Mutex<EtcdKeyspaceFollower?>(nil)
    /// The revisions last handed to the followers' callbacks, and what could not be read.
    private let seen = Mutex<(tokens: Int64, policy: Int64, problem: String?)>((0, 0, nil))

    public init(keyspace: EtcdKeyspace, master: String) {
        self.keyspace = keyspace
        self.master = master
    }

    public var location: String { "etcd (\(keyspace.prefix))" }

    /// A document in etcd that could not be read (the masters keep what they had), nil while all is well.
    public var problem: String? { seen.withLock { $0.problem } ?? follower.withLock { $0?.problem } }

    // MARK: - Tokens

    public func openTokens(seed: TokenTable) throws(CredentialBackendError) -> TokenTable {
        var current = try read(ClusterKeys.tokens)
        if current == nil {
            switch try put(ClusterKeys.tokens, TokenTableDocument.encode(seed, changedBy: master), ifModRevision: 0) {
            case .written(let revision):
                var seeded = seed
                seeded.revision = revision
                return seeded
            case .moved(let now):
                current = now  // another master seeded it first
            }
        }
        guard let current else { throw CredentialBackendError("the token table vanished from etcd while starting") }
        return try TokenTableDocument.decode(current.value, revision: current.modRevision)
    }

    public func commitTokens(
        inForce: TokenTable, _ change: (TokenTable) throws(TokenStoreError) -> TokenTable,
        persist: () throws(TokenStoreError) -> Void
    ) throws(TokenStoreError) -> TokenCommit {
        var base = inForce
        for _ in 0..<Self.maxAttempts {
            var next = try change(base)
            let outcome: EtcdPutOutcome
            do throws(CredentialBackendError) {
                outcome = try put(
                    ClusterKeys.tokens, TokenTableDocument.encode(next, changedBy: master), ifModRevision: base.revision
                )
            } catch { throw .unavailable(error) }
            switch outcome {
            case .written(let revision):
                next.revision = revision
                var localCopyError: TokenStoreError?
                do throws(TokenStoreError) { try persist() } catch { localCopyError = error }
                return TokenCommit(table: next, localCopyError: localCopyError)
            case .moved(let current?):
                do throws(CredentialBackendError) {
                    base = try TokenTableDocument.decode(current.value, revision: current.modRevision)
                } catch {
                    throw .unavailable(error)
                }
            case .moved(nil):
                base.revision = 0  // deleted by hand: this change seeds it again
            }
        }
        throw .unavailable(
            CredentialBackendError("the token table in etcd kept changing under \(Self.maxAttempts) attempts"))
    }

    // MARK: - Policy

    public func openPolicy(seed: PolicyDocument) throws(CredentialBackendError) -> PolicyDocument {
        if let current = try read(ClusterKeys.policy) { return try Self.policy(current) }
        switch try put(ClusterKeys.policy, Self.encode(seed), ifModRevision: 0) {
        case .written(let revision):
            var seeded = seed
            seeded.revision = revision
            return seeded
        case .moved(let now?): return try Self.policy(now)
        case .moved(nil): throw CredentialBackendError("the policy vanished from etcd while starting")
        }
    }

    /// An unchanged file commits nothing: a SIGHUP on a master whose file is older than the cluster's
    /// policy must not put the old one back.
    public func commitPolicy(_ document: PolicyDocument, baseline: String?) throws(CredentialBackendError)
        -> PolicyDocument?
    {
        guard document.text != baseline else { return nil }
        var expected = try read(ClusterKeys.policy)?.modRevision ?? 0
        for _ in 0..<Self.maxAttempts {
            switch try put(ClusterKeys.policy, Self.encode(document), ifModRevision: expected) {
            case .written(let revision):
                var committed = document
                committed.revision = revision
                return committed
            case .moved(let now): expected = now?.modRevision ?? 0  // the last reload wins
            }
        }
        throw CredentialBackendError("the policy in etcd kept changing under \(Self.maxAttempts) attempts")
    }

    private static func encode(_ document: PolicyDocument) -> [UInt8] {
        JSONValue.object([("text", .string(document.text)), ("source", .string(document.source))]).bytes
    }

    private static func policy(_ entry: EtcdEntry) throws(CredentialBackendError) -> PolicyDocument {
        guard let v = try? JSONParser.parse(entry.value), let text = v["text"]?.string else {
            throw CredentialBackendError("the policy in etcd (\(entry.key)) is not a policy document")
        }
        return PolicyDocument(text: text, source: v["source"]?.string ?? "", revision: entry.modRevision)
    }

    // MARK: - Following

    public func follow(
        tokens: @escaping @Sendable (TokenTable) -> Void,
        policy: @escaping @Sendable (PolicyDocument) -> Void
    ) throws(CredentialBackendError) {
        let started: EtcdKeyspaceFollower
        do {
            started = try keyspace.follow { [self] snapshot in
                deliver(snapshot, tokens: tokens, policy: policy)
            }
        } catch { throw CredentialBackendError("cannot follow \(keyspace.prefix) in etcd: \(error)") }
        follower.withLock { $0 = started }
        deliver(started.snapshot, tokens: tokens, policy: policy)
    }

    public func stop() {
        follower.withLock { $0.take() }?.stop()
    }

    /// Stops following and closes the connections of a keyspace of its own.
    public func close() {
        stop()
        keyspace.close()
    }

    /// Hands on what changed since the last snapshot. A document that does not parse is reported and
    /// skipped: the masters keep what they had.
    private func deliver(
        _ snapshot: EtcdKeyspaceSnapshot, tokens: (TokenTable) -> Void, policy: (PolicyDocument) -> Void
    ) {
        let last = seen.withLock { ($0.tokens, $0.policy) }
        var problem: String?
        if let entry = snapshot.entries[ClusterKeys.tokens], entry.modRevision > last.0 {
            do throws(CredentialBackendError) {
                tokens(try TokenTableDocument.decode(entry.value, revision: entry.modRevision))
            } catch {
                problem = "\(error) (revision \(entry.modRevision)); the tokens in force stay"
            }
        }
        if let entry = snapshot.entries[ClusterKeys.policy], entry.modRevision > last.1 {
            do throws(CredentialBackendError) { policy(try Self.policy(entry)) } catch {
                problem = "\(error) (revision \(entry.modRevision)); the policy in force stays"
            }
        }
        seen.withLock { s in
            s.tokens = max(s.tokens, snapshot.entries[ClusterKeys.tokens]?.modRevision ?? 0)
            s.policy = max(s.policy, snapshot.entries[ClusterKeys.policy]?.modRevision ?? 0)
            if problem != nil || s.problem != nil { s.problem = problem }
        }
    }

    // MARK: - etcd

    private func read(_ key: String) throws(CredentialBackendError) -> EtcdEntry? {
        do { return try keyspace.get(key) } catch {
            throw CredentialBackendError("cannot read \(keyspace.prefix)/\(key) from etcd: \(error)")
        }
    }

    private func put(_ key: String, _ value: [UInt8], ifModRevision expected: Int64) throws(CredentialBackendError)
        -> EtcdPutOutcome
    {
        do { return try keyspace.put(key, value, ifModRevision: expected) } catch {
            throw CredentialBackendError("cannot write \(keyspace.prefix)/\(key) to etcd: \(error)")
        }
    }
}
