import HTTP
import Synchronization

/// The endpoints of `--etcd-servers` and what the store has learned of each: requests go to the preferred
/// one; one that fails is left for the next and retried after a backoff that doubles with each failure,
/// so a dead member costs one refused connection per backoff, never a busy loop.
final class EtcdEndpointSet: Sendable {
    /// The first retry after a failure, and the most a failing endpoint is left alone.
    static let backoffBase: Duration = .milliseconds(100)
    static let backoffMax: Duration = .seconds(2)

    struct Endpoint: Sendable {
        let origin: HTTPOrigin
        let pool: HTTPClientPool
    }

    struct Health: Sendable, Equatable {
        /// The last request or probe succeeded.
        var reachable = false
        /// Whether anything was tried yet.
        var probed = false
        var consecutiveFailures = 0
        /// Monotonic nanoseconds before which the endpoint is not tried again (after a failure).
        var retryAt: Int64 = 0
        /// The last failure's cause (no credentials are ever part of it).
        var lastError: String?
    }

    let endpoints: [Endpoint]
    private let state: Mutex<(preferred: Int, health: [Health])>

    init(_ endpoints: [Endpoint]) {
        precondition(!endpoints.isEmpty, "at least one etcd endpoint")
        self.endpoints = endpoints
        state = Mutex((0, Array(repeating: Health(), count: endpoints.count)))
    }

    /// Indexes to try for the next request: the preferred first, then the others in order, skipping those
    /// still backing off. Empty when every endpoint is backing off.
    func candidates(now: Int64 = monotonicNanoseconds()) -> [Int] {
        state.withLock { s in
            (0..<endpoints.count).map { (s.preferred + $0) % endpoints.count }.filter { s.health[$0].retryAt <= now }
        }
    }

    /// The earliest time an endpoint may be tried again (now when one may be tried now).
    func nextRetry(now: Int64 = monotonicNanoseconds()) -> Int64 {
        state.withLock { s in max(now, s.health.map(\.retryAt).min() ?? now) }
    }

    func succeeded(_ i: Int, prefer: Bool = true) {
        state.withLock { s in
            s.health[i] = Health(reachable: true, probed: true, lastError: s.health[i].lastError)
            if prefer && !s.health[s.preferred].reachable { s.preferred = i }
        }
    }

    func failed(_ i: Int, _ cause: String, now: Int64 = monotonicNanoseconds()) {
        state.withLock { s in
            var h = s.health[i]
            h.reachable = false
            h.probed = true
            h.consecutiveFailures += 1
            let shift = min(h.consecutiveFailures - 1, 16)
            let backoff = min(Self.backoffBase.nanosecondsValue << shift, Self.backoffMax.nanosecondsValue)
            h.retryAt = now + backoff
            h.lastError = cause
            s.health[i] = h
            if s.preferred == i,
                let next = (1..<endpoints.count).map({ (i + $0) % endpoints.count }).first(where: {
                    s.health[$0].retryAt <= now
                })
            {
                s.preferred = next
            }
        }
    }

    var health: [Health] { state.withLock { $0.health } }
    var preferred: Int { state.withLock { $0.preferred } }

    /// Each endpoint's last failure, as one line for an error message.
    func failureSummary() -> String {
        let h = health
        return zip(endpoints, h).map { "\($0.origin): \($1.lastError ?? "not tried")" }.joined(separator: "; ")
    }
}

extension Duration {
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
