import Synchronization

/// Counters the etcd store's threads bump and the console reads.
final class EtcdStoreCounters: Sendable {
    /// Writes etcd acknowledged.
    let writes = Atomic<Int>(0)
    /// Writes refused (conflict, not found, already exists) or failed (etcd unreachable).
    let failedWrites = Atomic<Int>(0)
    /// Update and delete transactions retried because the cached version was stale.
    let staleRetries = Atomic<Int>(0)
    /// Full lists of the prefix after the feed lost its place (at start: 1).
    let lists = Atomic<Int>(0)
    /// Watch streams opened (reconnects after the first).
    let watches = Atomic<Int>(0)
    /// Values under the prefix that are not objects (skipped).
    let undecodable = Atomic<Int>(0)
    /// Compactions this store ran.
    let compactions = Atomic<Int>(0)
}
