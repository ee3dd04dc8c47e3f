import Dispatch
import HTTP
import Synchronization
import Threads

/// The store's housekeeping thread: asks each endpoint for its status (a healthy one every
/// `statusInterval`, a failed one when its backoff allows, so a lost etcd is noticed and its return too),
/// runs the compactor every `compactionInterval`, and completes writes that waited too long for the cache.
/// It sleeps until the next of these is due.
final class EtcdMonitor: Sendable {
    /// Bounds a sleep while writes wait for the cache (their deadlines are checked at least this often).
    static let waiterCheck: Duration = .seconds(1)

    private let client: EtcdClient
    private let cache: WatchCache
    private let waiters: RevisionWaiters
    private let counters: EtcdStoreCounters
    private let statusInterval: Duration
    private let compactionInterval: Duration
    private let compactor: EtcdCompactor
    /// Told when a probe finds an endpoint failed (the feed drops a watch it serves).
    private let endpointFailed: @Sendable (Int) -> Void
    private let members: Mutex<[EtcdMemberStatus?]>
    private let lastProbe: Mutex<[Int64]>
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let thread = Mutex<JoinableThread?>(nil)

    init(
        client: EtcdClient, cache: WatchCache, waiters: RevisionWaiters, counters: EtcdStoreCounters,
        statusInterval: Duration, compactionInterval: Duration, endpointFailed: @escaping @Sendable (Int) -> Void
    ) {
        self.client = client
        self.endpointFailed = endpointFailed
        self.cache = cache
        self.waiters = waiters
        self.counters = counters
        self.statusInterval = statusInterval
        self.compactionInterval = compactionInterval
        compactor = EtcdCompactor(client: client)
        members = Mutex(Array(repeating: nil, count: client.endpoints.endpoints.count))
        lastProbe = Mutex(Array(repeating: Int64.min / 2, count: client.endpoints.endpoints.count))
    }

    func start() throws(StoreError) {
        let started: JoinableThread
        do { started = try JoinableThread { [self] in run() } } catch { throw .storage("etcd monitor: \(error)") }
        thread.withLock { $0 = started }
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        thread.withLock { $0.take() }?.join()
    }

    var memberStatuses: [EtcdMemberStatus?] { members.withLock { $0 } }

    /// One compaction round now (the timer's work; tests call it directly). Returns the revision
    /// compacted through, if any, and tells the cache.
    @discardableResult
    func compactOnce() throws(EtcdClientError) -> Int64? {
        let compacted = try compactor.round()
        if let compacted {
            cache.compacted(through: compacted)
            counters.compactions.add(1, ordering: .relaxed)
        }
        return compacted
    }

    private func run() {
        let compacting = compactionInterval > .zero
        var nextCompaction = HTTPClientPool.deadline(after: compactionInterval)
        while !stopped.load(ordering: .acquiring) {
            let now = monotonicNanoseconds()
            var next = probeDue(now: now)
            if compacting {
                if now >= nextCompaction {
                    _ = try? compactOnce()  // a failure is retried next interval, as kube's compactor does
                    nextCompaction = now + compactionInterval.nanosecondsValue
                }
                next = min(next, nextCompaction)
            }
            waiters.expire(now: now)
            if waiters.count > 0 { next = min(next, now + Self.waiterCheck.nanosecondsValue) }
            let sleep = max(0, next - monotonicNanoseconds())
            _ = wake.wait(timeout: .now() + .nanoseconds(Int(min(sleep, Int64(Int.max)))))
        }
    }

    /// Probes the endpoints that are due; returns when the next one will be.
    private func probeDue(now: Int64) -> Int64 {
        let health = client.endpoints.health
        var next = Int64.max
        for i in health.indices {
            let due =
                health[i].reachable
                ? lastProbe.withLock { $0[i] } + statusInterval.nanosecondsValue
                : max(health[i].retryAt, lastProbe.withLock { $0[i] } + EtcdEndpointSet.backoffBase.nanosecondsValue)
            if due <= now {
                let status = try? client.status(endpoint: i)
                if status == nil { endpointFailed(i) }
                lastProbe.withLock { $0[i] = monotonicNanoseconds() }
                members.withLock { $0[i] = status ?? $0[i] }
                next = min(next, monotonicNanoseconds() + EtcdEndpointSet.backoffBase.nanosecondsValue)
            } else {
                next = min(next, due)
            }
        }
        return next
    }
}
