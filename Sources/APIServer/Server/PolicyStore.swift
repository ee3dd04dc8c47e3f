import HTTP
import Synchronization

/// The authorizer in force and where it came from. A reload parses the whole policy file first; a broken
/// file is refused (file and line) and the old policy stays. Readers take the current authorizer once per
/// request, so a reload never tears one.
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
    }

    private struct State: Sendable {
        var authorizer: any Authorizer
        var rules: [PolicyRule]
        var loadedAt: Int64
        var lastResult: ReloadResult?
        /// Grows with every policy put in force: a decision remembered under another generation is stale.
        var generation: UInt64 = 0
    }

    public let mode: AuthorizationMode
    public let path: String?
    private let state: Mutex<State>

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
            let policy = try ABACPolicy.load(path: path ?? "")
            state = Mutex(State(authorizer: policy, rules: policy.rules, loadedAt: wallClockNanoseconds(),
                                lastResult: .loaded(rules: policy.rules.count)))
        }
    }

    public var authorizer: any Authorizer { state.withLock { $0.authorizer } }

    /// The authorizer in force and its generation, read together.
    var current: (authorizer: any Authorizer, generation: UInt64) { state.withLock { ($0.authorizer, $0.generation) } }

    /// Rereads the policy file; on error the policy in force stays.
    @discardableResult
    public func reload() -> ReloadResult {
        guard mode == .abac, let path else {
            return record(.refused("authorization mode \(mode.rawValue) has no policy file"), policy: nil)
        }
        do {
            let policy = try ABACPolicy.load(path: path)
            return record(.loaded(rules: policy.rules.count), policy: policy)
        } catch {
            return record(.refused(error.description), policy: nil)
        }
    }

    private func record(_ result: ReloadResult, policy: ABACPolicy?) -> ReloadResult {
        state.withLock { s in
            if let policy {
                s.authorizer = policy
                s.generation &+= 1
                s.rules = policy.rules
                s.loadedAt = wallClockNanoseconds()
            }
            s.lastResult = result
        }
        return result
    }

    public func snapshot() -> Snapshot {
        state.withLock { Snapshot(mode: mode, path: path, rules: $0.rules, loadedAt: $0.loadedAt, lastResult: $0.lastResult) }
    }
}
