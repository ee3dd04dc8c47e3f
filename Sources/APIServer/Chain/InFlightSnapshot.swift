/// The limiter's counters, indexed by `InFlightLimiter.Kind.rawValue` (read-only, mutating).
public struct InFlightSnapshot: Sendable, Equatable {
    public var limits: [Int]
    public var inFlight: [Int]
    /// The most in flight at once since start.
    public var peaks: [Int]
    /// Requests answered 429.
    public var rejected: [Int]

    public init(limits: [Int] = [0, 0], inFlight: [Int] = [0, 0], peaks: [Int] = [0, 0], rejected: [Int] = [0, 0]) {
        self.limits = limits
        self.inFlight = inFlight
        self.peaks = peaks
        self.rejected = rejected
    }
}
