#if canImport(Glibc)
import Glibc
#endif

// The server's clocks. Durations (latencies, rate-limit refills, timeouts) use the monotonic clock,
// HTTP's `monotonicNanoseconds()` (the event loops need it first); times shown or stored (events, token
// ages, Table ages) use the wall clock below.

/// Wall-clock nanoseconds since the epoch (CLOCK_REALTIME).
public func wallClockNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
