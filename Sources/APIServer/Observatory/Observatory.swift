import HTTP
import Synchronization

/// What the server saw: per-port counters and latencies, the recent requests, rate-limit buckets and auth
/// failures. Recording is sharded by I/O loop (each loop writes its own shard, so the hot path takes an
/// uncontended lock); a snapshot merges the shards for the console and /metrics.
public final class Observatory: Sendable {
    /// Recent requests kept across all shards.
    public static let defaultRecentCapacity = 10_000
    /// Recent auth failures kept across all shards.
    public static let defaultAuthFailureCapacity = 2_000

    struct CounterKey: Hashable, Sendable {
        var port: PortKind
        var method: String
        var code: Int
    }

    struct AuthKey: Hashable, Sendable {
        var port: PortKind
        var reason: AuthFailureReason
    }

    /// A request counter's key as the hot path keeps it: port, method (its index in `countedMethods`) and
    /// status in one integer, so counting a request hashes one word instead of a string.
    struct PackedCounterKey: Hashable, Sendable {
        var bits: Int

        init(port: PortKind, method: Int, code: Int) { bits = (port.rawValue << 24) | (method << 16) | (code & 0xFFFF) }

        var key: CounterKey {
            CounterKey(
                port: PortKind(rawValue: bits >> 24) ?? .localhost,
                method: Observatory.countedMethods[(bits >> 16) & 0xFF],
                code: bits & 0xFFFF)
        }
    }

    struct Shard: Sendable {
        var requests: [PackedCounterKey: Int] = [:]
        var latency = [LatencyHistogram](repeating: LatencyHistogram(), count: PortKind.allCases.count)
        var recent: Ring<RequestEvent>
        var authFailures: Ring<AuthFailureEvent>
        var authCounts: [AuthKey: Int] = [:]
        /// Events recorded, so a reader can tell cheaply whether anything changed.
        var changes = 0
    }

    let shards: [Guarded<Shard>]
    private let recentCapacity: Int
    private let sources = Mutex<Sources>(Sources())

    struct Sources: Sendable {
        var listeners: [PortKind: BoundListener] = [:]
        var rateLimiter: RateLimiter?
        var inFlight: InFlightLimiter?
        var auditLog: AuditLog?
    }

    public init(
        shards: Int, recentCapacity: Int = Observatory.defaultRecentCapacity,
        authFailureCapacity: Int = Observatory.defaultAuthFailureCapacity
    ) {
        let n = max(1, shards)
        self.recentCapacity = recentCapacity
        self.shards = (0..<n).map { _ in
            Guarded(
                Shard(
                    recent: Ring(capacity: (recentCapacity + n - 1) / n),
                    authFailures: Ring(capacity: (authFailureCapacity + n - 1) / n)))
        }
    }

    /// The open-connection counts and bucket states come from their owners, read at snapshot time.
    public func attach(listener: BoundListener, as port: PortKind) {
        sources.withLock { $0.listeners[port] = listener }
    }

    public func attach(rateLimiter: RateLimiter) {
        sources.withLock { $0.rateLimiter = rateLimiter }
    }

    public func attach(inFlight: InFlightLimiter) {
        sources.withLock { $0.inFlight = inFlight }
    }

    public func attach(auditLog: AuditLog?) {
        sources.withLock { $0.auditLog = auditLog }
    }

    /// Methods outside this set are counted as OTHER, so clients cannot grow the counter table.
    /// (A switch, not a Set: hashing the method cost more than the rest of the count on every request.)
    static func countedMethod(_ method: String) -> String { countedMethods[countedMethodIndex(method)] }

    static let countedMethods = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "OTHER",
    ]

    static func countedMethodIndex(_ method: String) -> Int {
        switch method {
        case "GET": 0
        case "HEAD": 1
        case "POST": 2
        case "PUT": 3
        case "PATCH": 4
        case "DELETE": 5
        case "OPTIONS": 6
        case "CONNECT": 7
        case "TRACE": 8
        default: 9
        }
    }

    public func record(_ event: RequestEvent, shard: Int) {
        let key = PackedCounterKey(port: event.port, method: Self.countedMethodIndex(event.method), code: event.status)
        shards[shard % shards.count].withLock { s in
            s.requests[key, default: 0] += 1
            s.latency[event.port.rawValue].record(event.latencyNanoseconds)
            s.recent.append(event)
            s.changes += 1
        }
    }

    public func recordAuthFailure(_ event: AuthFailureEvent, shard: Int) {
        shards[shard % shards.count].withLock { s in
            s.authCounts[AuthKey(port: event.port, reason: event.reason), default: 0] += 1
            s.authFailures.append(event)
            s.changes += 1
        }
    }

    /// Grows with every recorded event: the console takes a full snapshot only when it moved.
    public var changeCount: Int { shards.reduce(0) { total, shard in total + shard.withLock { $0.changes } } }

    /// Counters, latencies, buckets and, with `logs`, the recent requests and auth failures (the console
    /// channel reads those incrementally instead: `rows(after:limit:)`).
    public func snapshot(now: Int64 = monotonicNanoseconds(), logs: Bool = true) -> ObservatorySnapshot {
        var snapshot = ObservatorySnapshot()
        var recent: [RequestEvent] = []
        var failures: [AuthFailureEvent] = []
        for shard in shards {
            shard.withLock { s in
                for (packed, count) in s.requests {
                    let key = packed.key
                    snapshot.requests.append(
                        RequestCount(port: key.port, method: key.method, code: key.code, count: count))
                }
                for port in PortKind.allCases { snapshot.ports[port.rawValue].latency.merge(s.latency[port.rawValue]) }
                if logs {
                    recent += s.recent.elements
                    failures += s.authFailures.elements
                }
                for (key, count) in s.authCounts {
                    snapshot.authFailureCounts.append(
                        AuthFailureCount(port: key.port, reason: key.reason, count: count))
                }
            }
        }
        snapshot.requests = Self.combine(snapshot.requests)
        snapshot.authFailureCounts = Dictionary(
            snapshot.authFailureCounts.map { (AuthKey(port: $0.port, reason: $0.reason), $0.count) },
            uniquingKeysWith: +
        )
        .map { AuthFailureCount(port: $0.key.port, reason: $0.key.reason, count: $0.value) }
        .sorted { ($0.port.rawValue, $0.reason.rawValue) < ($1.port.rawValue, $1.reason.rawValue) }
        recent.sort { $0.time < $1.time }
        snapshot.recent = Array(recent.suffix(recentCapacity))
        failures.sort { $0.time < $1.time }
        snapshot.authFailures = failures
        for count in snapshot.requests {
            snapshot.ports[count.port.rawValue].add(code: count.code, count: count.count)
        }
        let (listeners, limiter, inFlight, auditLog) = sources.withLock {
            ($0.listeners, $0.rateLimiter, $0.inFlight, $0.auditLog)
        }
        snapshot.inFlight = inFlight?.snapshot()
        snapshot.audit = auditLog.map { AuditCounts($0.counts) }
        for (port, listener) in listeners { snapshot.ports[port.rawValue].door = PortDoor(listener) }
        snapshot.rateLimits = limiter?.snapshot(now: now)
        return snapshot
    }

    private static func combine(_ counts: [RequestCount]) -> [RequestCount] {
        var merged: [CounterKey: Int] = [:]
        for c in counts { merged[CounterKey(port: c.port, method: c.method, code: c.code), default: 0] += c.count }
        return merged.map { RequestCount(port: $0.key.port, method: $0.key.method, code: $0.key.code, count: $0.value) }
            .sorted { ($0.port.rawValue, $0.method, $0.code) < ($1.port.rawValue, $1.method, $1.code) }
    }
}

public struct RequestCount: Sendable, Equatable {
    public var port: PortKind
    public var method: String
    public var code: Int
    public var count: Int
}

public struct AuthFailureCount: Sendable, Equatable {
    public var port: PortKind
    public var reason: AuthFailureReason
    public var count: Int
}

/// One port's totals.
public struct PortStats: Sendable, Equatable {
    public var requests = 0
    /// Index 0 is 1xx ... index 4 is 5xx.
    public var byClass = [Int](repeating: 0, count: 5)
    public var unauthorized = 0
    public var forbidden = 0
    public var tooManyRequests = 0
    /// Connections and refusals at the listener.
    public var door = PortDoor()
    public var openConnections: Int { door.openConnections }
    public var latency = LatencyHistogram()

    mutating func add(code: Int, count: Int) {
        requests += count
        let cls = code / 100 - 1
        if (0..<5).contains(cls) { byClass[cls] += count }
        switch code {
        case 401: unauthorized += count
        case 403: forbidden += count
        case 429: tooManyRequests += count
        default: break
        }
    }
}

public struct ObservatorySnapshot: Sendable {
    public var requests: [RequestCount] = []
    /// Indexed by `PortKind.rawValue`.
    public var ports = [PortStats](repeating: PortStats(), count: PortKind.allCases.count)
    /// Oldest first.
    public var recent: [RequestEvent] = []
    public var authFailures: [AuthFailureEvent] = []
    public var authFailureCounts: [AuthFailureCount] = []
    public var rateLimits: RateLimitSnapshot?
    /// The secure port's in-flight limits.
    public var inFlight: InFlightSnapshot?
    /// The audit log's events written, dropped and lost; nil without an audit log.
    public var audit: AuditCounts?

    public func stats(_ port: PortKind) -> PortStats { ports[port.rawValue] }
}
