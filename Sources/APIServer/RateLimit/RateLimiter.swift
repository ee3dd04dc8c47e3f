import Synchronization

/// The read-only port's limiter: one global bucket (kube-apiserver's `--api-rate`/`--api-burst`) and,
/// when configured, a bucket per client address. A request takes a token from both or from neither.
public final class RateLimiter: Sendable {
    /// Per-client buckets kept at most; the least recently seen is forgotten first.
    public static let maxClientBuckets = 10_000

    public struct Settings: Sendable, Equatable {
        public var rate: Double
        public var burst: Int
        /// 0 turns the global bucket off.
        var globalEnabled: Bool { rate > 0 }
        /// 0 turns per-client buckets off.
        public var ratePerClient: Double
        public var burstPerClient: Int
        public init(rate: Double, burst: Int, ratePerClient: Double = 0, burstPerClient: Int = 0) {
            self.rate = rate
            self.burst = burst
            self.ratePerClient = ratePerClient
            self.burstPerClient = burstPerClient
        }
        var perClientEnabled: Bool { ratePerClient > 0 }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case rejected(retryAfter: Int, by: BucketKind)
    }

    public enum BucketKind: String, Sendable { case global, client }

    struct Tracked: Sendable {
        var bucket: TokenBucket
        var allowed = 0
        var rejected = 0
        var lastSeen: Int64
    }

    private struct State: Sendable {
        var global: Tracked
        var clients: [String: Tracked] = [:]
    }

    public let settings: Settings
    private let state: Mutex<State>

    public init(settings: Settings, now: Int64) {
        self.settings = settings
        state = Mutex(
            State(
                global: Tracked(
                    bucket: TokenBucket(rate: settings.rate, burst: settings.burst, now: now), lastSeen: now)))
    }

    /// Whether `client` may make a request now. One lock: the limiter guards a port throttled to a few
    /// dozen requests a second by design, so it is never the hot path.
    public func admit(client: String, now: Int64) -> Decision {
        state.withLock { state in
            state.global.lastSeen = now
            if settings.perClientEnabled {
                var tracked =
                    state.clients[client]
                    ?? Tracked(
                        bucket: TokenBucket(rate: settings.ratePerClient, burst: settings.burstPerClient, now: now),
                        lastSeen: now)
                tracked.lastSeen = now
                if case .rejected(let wait) = tracked.bucket.wouldAllow(at: now) {
                    tracked.rejected += 1
                    store(tracked, for: client, in: &state)
                    return .rejected(retryAfter: wait, by: .client)
                }
                if settings.globalEnabled, case .rejected(let wait) = state.global.bucket.wouldAllow(at: now) {
                    state.global.rejected += 1
                    store(tracked, for: client, in: &state)
                    return .rejected(retryAfter: wait, by: .global)
                }
                tracked.bucket.take(at: now)
                tracked.allowed += 1
                store(tracked, for: client, in: &state)
            } else if settings.globalEnabled, case .rejected(let wait) = state.global.bucket.wouldAllow(at: now) {
                state.global.rejected += 1
                return .rejected(retryAfter: wait, by: .global)
            }
            state.global.bucket.take(at: now)
            state.global.allowed += 1
            return .allowed
        }
    }

    private func store(_ tracked: Tracked, for client: String, in state: inout State) {
        if state.clients[client] == nil, state.clients.count >= Self.maxClientBuckets,
            let stalest = state.clients.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key
        {
            state.clients[stalest] = nil
        }
        state.clients[client] = tracked
    }

    /// The buckets as they stand at `now`, for the console and /metrics.
    public func snapshot(now: Int64) -> RateLimitSnapshot {
        state.withLock { state in
            func view(_ key: String, _ t: Tracked) -> BucketSnapshot {
                BucketSnapshot(
                    key: key, tokens: t.bucket.available(at: now), burst: t.bucket.burst, rate: t.bucket.rate,
                    allowed: t.allowed, rejected: t.rejected, lastSeen: t.lastSeen)
            }
            return RateLimitSnapshot(
                global: view("global", state.global),
                clients: state.clients.map { view($0.key, $0.value) }
                    .sorted { ($0.rejected, $0.lastSeen) > ($1.rejected, $1.lastSeen) })
        }
    }
}

public struct BucketSnapshot: Sendable, Equatable {
    public var key: String
    public var tokens: Double
    public var burst: Double
    public var rate: Double
    public var allowed: Int
    public var rejected: Int
    /// Monotonic nanoseconds.
    public var lastSeen: Int64
}

public struct RateLimitSnapshot: Sendable, Equatable {
    public var global: BucketSnapshot
    /// Sorted by rejections, then most recently seen.
    public var clients: [BucketSnapshot]
}
