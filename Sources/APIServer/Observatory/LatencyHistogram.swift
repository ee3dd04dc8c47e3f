/// Request latencies in fixed buckets (seconds), Prometheus-style cumulative on output.
public struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds; finer at the low end, where a cache-served API lives.
    public static let bounds: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]
    static let boundsNanos: [Int64] = bounds.map { Int64($0 * 1e9) }

    /// Per bucket (not cumulative); the last slot is +Inf.
    public private(set) var counts = [Int](repeating: 0, count: bounds.count + 1)
    public private(set) var sumNanoseconds: Int64 = 0
    public private(set) var total = 0

    public init() {}

    /// A histogram from its buckets (one per bound, then +Inf), as the console channel carries it.
    init?(counts: [Int], sumNanoseconds: Int64) {
        guard counts.count == Self.bounds.count + 1, counts.allSatisfy({ $0 >= 0 }) else { return nil }
        self.counts = counts
        self.sumNanoseconds = sumNanoseconds
        total = counts.reduce(0, +)
    }

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
