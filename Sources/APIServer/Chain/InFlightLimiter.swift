import Synchronization

/// Requests in flight on the secure port, counted apart for reads and writes as kube-apiserver's
/// `--max-requests-inflight` and `--max-mutating-requests-inflight` count them. A slot is taken when the
/// request passes the filter and given back when it is answered.
public final class InFlightLimiter: Sendable {
    public enum Kind: Int, Sendable { case readOnly = 0, mutating = 1 }

    /// One kind's counters (Atomic cannot live in an array itself).
    private final class Counters: Sendable {
        let inFlight = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let rejected = Atomic<Int>(0)
    }

    /// Per kind; 0: no limit.
    public let limits: [Int]
    private let counters = [Counters(), Counters()]

    public init(readOnly: Int, mutating: Int) {
        limits = [readOnly, mutating]
    }

    /// Takes a slot unless the kind is at its limit.
    func acquire(_ kind: Kind) -> Bool {
        let c = counters[kind.rawValue], limit = limits[kind.rawValue]
        let now = c.inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        if limit > 0 && now > limit {
            c.inFlight.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        var peak = c.peak.load(ordering: .relaxed)
        while now > peak {
            let (exchanged, original) = c.peak.compareExchange(expected: peak, desired: now, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }
        return true
    }

    func release(_ kind: Kind) { counters[kind.rawValue].inFlight.wrappingSubtract(1, ordering: .relaxed) }

    func countRejection(_ kind: Kind) { counters[kind.rawValue].rejected.wrappingAdd(1, ordering: .relaxed) }

    public func snapshot() -> InFlightSnapshot {
        InFlightSnapshot(
            limits: limits, inFlight: counters.map { $0.inFlight.load(ordering: .relaxed) },
            peaks: counters.map { $0.peak.load(ordering: .relaxed) },
            rejected: counters.map { $0.rejected.load(ordering: .relaxed) })
    }
}
