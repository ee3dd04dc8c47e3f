import APIServer

/// Requests per second from a counter sampled once a second, with a bounded history for sparklines.
public struct RateSampler: Sendable {
    public static let historyLength = 60
    private var lastTotal: Int?
    private var lastSecond: Int64 = 0
    public private(set) var history: [Double] = []

    public init() {}

    public var current: Double { history.last ?? 0 }

    /// Feeds the counter's value at `nanos` (monotonic); a sample is taken per whole second passed.
    public mutating func observe(total: Int, at nanos: Int64) {
        let second = nanos / 1_000_000_000
        guard let last = lastTotal else {
            lastTotal = total
            lastSecond = second
            return
        }
        guard second > lastSecond else { return }
        let elapsed = Double(second - lastSecond)
        let rate = Double(max(0, total - last)) / elapsed
        // Seconds with no sample (a stalled UI) repeat the average rather than read as zero.
        for _ in 0..<min(Int(second - lastSecond), Self.historyLength) { history.append(rate) }
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
        lastTotal = total
        lastSecond = second
    }
}
