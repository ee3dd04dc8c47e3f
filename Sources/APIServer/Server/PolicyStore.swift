import HTTP
import Synchronization

/// The authorizer in force and where it came from. A reload parses the whole policy file first; a broken
/// file is refused (file and line) and the old policy stays. Readers take the current authorizer once per
/// request, so a reload never tears one. A reloaded policy is committed through the `CredentialBackend`:
/// with etcd it is the cluster's, and what other masters commit arrives here (`adopt`); a policy that
/// does not parse is never committed, and one that arrives broken is refused and the old one stays.
public final class PolicyStore: Sendable {
    public enum ReloadResult: Sendable, Equatable {
        case loaded(rules: Int)
        case refused(String)

        public var summary: String {
            switch self {
            case .loaded(let rules): return "policy reloaded: \(rules) rules"
            case .refused(let why): return "policy refused: \(why)"
            }
        }
    }

    public struct Snapshot: Sendable, Equatable {
        public var mode: AuthorizationMode
        public var path: String?
        public var rules: [PolicyRule]
        /// Wall-clock nanoseconds of the policy in force.
        public var loadedAt: Int64
        public var lastResult: ReloadResult?
        /// Where the policy in force was read (`master:path`): this master's file, or another's via etcd.
        public var source: String? = nil
    }

    private struct State: Sendable {
        var authorizer: any Authorizer
        var rules: [PolicyRule]
        var loadedAt: Int64
        var lastResult: ReloadResult?
        var source: String?
        /// The backend's version of the policy in force (a policy only replaces an older one).
        var revision: Int64 = 0
        /// The policy file's text as this master last read it.
        var fileText: String?
        /// How this master's file is named to the others (`master:path`).
        var localSource: String?
        /// Grows with every policy put in force: a decision remembered under another generation is stale.
        var generation: UInt64 = 0
    }

    public let mode: AuthorizationMode
    public let path: String?
    private let state: Mutex<State>
    private let backend = Mutex<any CredentialBackend>(FileCredentialBackend())
    /// Serializes reloads (the file read, the commit and the swap).
    private let reloads = Mutex(())

    /// Loads the policy for `mode`; a broken ABAC file is an error here (startup refuses it).
    public init(mode: AuthorizationMode, path: String?) throws(PolicyError) {
        self.mode = mode
        self.path = path
        switch mode {
        case .alwaysAllow:
            state = Mutex(State(authorizer: AlwaysAllow(), rules: [], loadedAt: wallClockNanoseconds()))
        case .alwaysDeny:
            state = Mutex(State(authorizer: AlwaysDeny(), rules: [], loadedAt: wallClockNanoseconds()))
        case .abac:
            let file = path ?? ""
            let text = try PolicyFile.contents(of: file)
            let policy = try ABACPolicy.parse(text, file: file)
            state = Mutex(
                State(
                    authorizer: policy, rules: policy.rules, loadedAt: wallClockNanoseconds(),
                    lastResult: .loaded(rules: policy.rules.count), source: file, fileText: text))
        }
    }

    public var authorizer: any Authorizer { state.withLock { $0.authorizer } }

    /// The authorizer in force and its generation, read together.
    var current: (authorizer: any Authorizer, generation: UInt64) { state.withLock { ($0.authorizer, $0.generation) } }

    /// Hands the policy over to `backend` (etcd): the policy in force becomes the backend's (seeded with
    /// this file's when it has none). Only ABAC has a policy to share. A policy in the backend that does
    /// not parse is an error here: the master does not start with a policy the others may not have.
    public func share(through backend: any CredentialBackend, source: String) throws(CredentialBackendError) {
        guard mode == .abac else { return }
        try reloads.withLock { _ throws(CredentialBackendError) in
            let text = state.withLock { s in
                s.localSource = source
                return s.fileText ?? ""
            }
            let document = try backend.openPolicy(seed: PolicyDocument(text: text, source: source))
            let policy: ABACPolicy
            do { policy = try ABACPolicy.parse(document.text, file: "\(backend.location) (\(document.source))") } catch
            {
                throw CredentialBackendError("the cluster's policy does not parse: \(error)")
            }
            record(
                .loaded(rules: policy.rules.count), policy: policy, source: document.source, revision: document.revision
            )
            self.backend.withLock { $0 = backend }
        }
    }

    /// Puts a policy committed elsewhere in force, unless the one in force is as new. One that does not
    /// parse is refused (said in the last result) and the policy in force stays.
    @discardableResult
    public func adopt(_ document: PolicyDocument) -> ReloadResult? {
        guard mode == .abac, document.revision > state.withLock({ $0.revision }) else { return nil }
        let location = backend.withLock { $0.location }
        do {
            let policy = try ABACPolicy.parse(document.text, file: "\(location) (\(document.source))")
            return record(
                .loaded(rules: policy.rules.count), policy: policy, source: document.source, revision: document.revision
            )
        } catch {
            return record(.refused("\(error)"), policy: nil, source: nil, revision: document.revision)
        }
    }

    /// Rereads the policy file; on error the policy in force stays (everywhere: nothing is committed).
    @discardableResult
    public func reload() -> ReloadResult {
        guard mode == .abac, let path else {
            return record(
                .refused("authorization mode \(mode.rawValue) has no policy file"), policy: nil, source: nil,
                revision: nil)
        }
        return reloads.withLock { _ in
            let text: String, policy: ABACPolicy
            do throws(PolicyError) {
                text = try PolicyFile.contents(of: path)
                policy = try ABACPolicy.parse(text, file: path)
            } catch {
                return record(.refused(error.description), policy: nil, source: nil, revision: nil)
            }
            let (backend, baseline) = (self.backend.withLock { $0 }, state.withLock { $0.fileText })
            let source = state.withLock { $0.localSource } ?? path
            do throws(CredentialBackendError) {
                let committed = try backend.commitPolicy(PolicyDocument(text: text, source: source), baseline: baseline)
                state.withLock { $0.fileText = text }
                guard let committed else {
                    // Unchanged since last read: the cluster's policy (perhaps newer, from another master) stays.
                    return record(
                        .loaded(rules: state.withLock { $0.rules.count }), policy: nil, source: nil, revision: nil)
                }
                return record(
                    .loaded(rules: policy.rules.count), policy: policy, source: committed.source,
                    revision: committed.revision)
            } catch {
                return record(.refused("not committed: \(error.description)"), policy: nil, source: nil, revision: nil)
            }
        }
    }

    /// Installs `policy` unless a newer one (by the backend's revision) is in force already: a commit's
    /// answer may arrive after the watch brought a later reload by another master.
    @discardableResult
    private func record(_ result: ReloadResult, policy: ABACPolicy?, source: String?, revision: Int64?) -> ReloadResult
    {
        state.withLock { s in
            if let policy, (revision ?? .max) >= s.revision {
                s.authorizer = policy
                s.generation &+= 1
                s.rules = policy.rules
                s.loadedAt = wallClockNanoseconds()
                s.source = source
            }
            if let revision { s.revision = max(s.revision, revision) }
            s.lastResult = result
        }
        return result
    }

    public func snapshot() -> Snapshot {
        state.withLock {
            Snapshot(
                mode: mode, path: path, rules: $0.rules, loadedAt: $0.loadedAt, lastResult: $0.lastResult,
                source: $0.source)
        }
    }
}
