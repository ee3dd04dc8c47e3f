#if canImport(Glibc)
import Glibc
#endif

/// One answered (or refused) request.
public struct RequestEvent: Sendable, Equatable {
    /// Wall-clock nanoseconds since the epoch.
    public var time: Int64
    public var port: PortKind
    public var client: String
    public var method: String
    public var path: String
    public var status: Int
    public var latencyNanoseconds: Int64
    public var bytes: Int
    public var user: String?

    public init(time: Int64, port: PortKind, client: String, method: String, path: String, status: Int,
                latencyNanoseconds: Int64, bytes: Int, user: String?) {
        self.time = time
        self.port = port
        self.client = client
        self.method = method
        self.path = path
        self.status = status
        self.latencyNanoseconds = latencyNanoseconds
        self.bytes = bytes
        self.user = user
    }
}

/// Why a request was refused by authentication or authorization (filled by the secure port).
public enum AuthFailureReason: String, Sendable, CaseIterable, Hashable {
    case noCredentials = "no credentials"
    case unknownToken = "unknown token"
    case revokedToken = "revoked token"
    case badPassword = "bad password"
    case untrustedCertificate = "untrusted certificate"
    case expiredCertificate = "expired certificate"
    case malformedHeader = "malformed header"
    case forbidden = "forbidden"
}

public struct AuthFailureEvent: Sendable, Equatable {
    public var time: Int64
    public var port: PortKind
    public var client: String
    public var reason: AuthFailureReason
    /// The user when known, else the credential's fingerprint, else "-".
    public var subject: String
    public var path: String

    public init(time: Int64, port: PortKind, client: String, reason: AuthFailureReason, subject: String, path: String) {
        self.time = time
        self.port = port
        self.client = client
        self.reason = reason
        self.subject = subject
        self.path = path
    }
}

/// Wall-clock nanoseconds since the epoch.
public func wallClockNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// A fixed-capacity ring that keeps the newest elements.
public struct Ring<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element] = []
    private var next = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(self.capacity)
    }

    public mutating func append(_ element: Element) {
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[next] = element
            next = (next + 1) % capacity
        }
    }

    /// Oldest first.
    public var elements: [Element] {
        storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
    }

    public var count: Int { storage.count }
}

/// Request latencies in fixed buckets (seconds), Prometheus-style cumulative on output.
public struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds; finer at the low end, where a cache-served API lives.
    public static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                          0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    static let boundsNanos: [Int64] = bounds.map { Int64($0 * 1e9) }

    /// Per bucket (not cumulative); the last slot is +Inf.
    public private(set) var counts = [Int](repeating: 0, count: bounds.count + 1)
    public private(set) var sumNanoseconds: Int64 = 0
    public private(set) var total = 0

    public init() {}

    public mutating func record(_ nanoseconds: Int64) {
        var i = 0
        while i < Self.boundsNanos.count && nanoseconds > Self.boundsNanos[i] { i += 1 }
        counts[i] += 1
        sumNanoseconds += nanoseconds
        total += 1
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        sumNanoseconds += other.sumNanoseconds
        total += other.total
    }

    /// The bucket bound below which `q` of the observations fall (seconds); nil when empty.
    public func quantile(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = Int((q * Double(total)).rounded(.up))
        var seen = 0
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= max(rank, 1) { return i < Self.bounds.count ? Self.bounds[i] : .infinity }
        }
        return .infinity
    }
}
