#if canImport(Glibc)
import Glibc
#endif

// The server's two clocks, here in the lowest module that reads them (the event loops stamp requests).
// Durations (latencies, rate-limit refills, timeouts) use the monotonic clock; times shown or stored
// (events, token ages, Table ages) use the wall clock.

/// Monotonic nanoseconds (CLOCK_MONOTONIC, a vDSO call).
@inline(__always)
public func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Wall-clock nanoseconds since the epoch (CLOCK_REALTIME).
public func wallClockNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
