/// A token bucket: `burst` tokens, refilled at `rate` per second. Time is passed in (monotonic
/// nanoseconds), so tests drive it with their own clock.
public struct TokenBucket: Sendable, Equatable {
    /// The longest Retry-After we advertise, in seconds.
    public static let maxRetryAfter: Double = 3600

    public let rate: Double
    public let burst: Double
    public private(set) var tokens: Double
    private var updatedAt: Int64

    public init(rate: Double, burst: Int, now: Int64) {
        self.rate = rate
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.updatedAt = now
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Seconds until a token is there, rounded up (at least 1): the Retry-After value.
        case rejected(retryAfter: Int)
    }

    /// Tokens after refilling up to `now`, without taking any.
    public func available(at now: Int64) -> Double {
        min(burst, tokens + Double(max(0, now - updatedAt)) / 1e9 * rate)
    }

    public func wouldAllow(at now: Int64) -> Decision {
        let t = available(at: now)
        if t >= 1 { return .allowed }
        // A bucket that never refills (rate 0) or refills very slowly still answers a finite wait.
        let wait = rate > 0 ? min((1 - t) / rate, Self.maxRetryAfter) : Self.maxRetryAfter
        return .rejected(retryAfter: max(1, Int(wait.rounded(.up))))
    }

    public mutating func take(at now: Int64) {
        tokens = available(at: now) - 1
        updatedAt = now
    }
}
