import Synchronization

/// Lets a message through at most once per interval (the rest are counted by whoever calls).
public final class Throttle: Sendable {
    private let interval: Int64
    private let last = Atomic<Int64>(Int64.min)

    public init(interval: Duration) {
        let (seconds, attoseconds) = interval.components
        self.interval = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// True for the first call of each interval (monotonic nanoseconds).
    public func admit(now: Int64) -> Bool {
        let previous = last.load(ordering: .relaxed)
        guard previous == Int64.min || now - previous >= interval else { return false }
        return last.compareExchange(expected: previous, desired: now, ordering: .relaxed).exchanged
    }
}
