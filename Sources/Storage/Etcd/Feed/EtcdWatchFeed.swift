import Dispatch
import HTTP
import Synchronization
import Threads

/// The thread that keeps the cache current: one etcd watch on the whole prefix, from the cache's revision
/// on; each message's events go into the cache in one step, then to the watchers, then to the writes
/// waiting for them. A broken watch resumes where it stopped; one whose start was compacted away (or that
/// cannot resume) re-lists the prefix and starts over (watchers behind are cut off and re-list).
///
/// One watch on the whole prefix rather than one per resource: the cache has one revision and one
/// history for all resources, which needs the events of all of them in etcd's order; one stream (one
/// connection, one thread) also costs etcd one watcher per master instead of one per resource.
final class EtcdWatchFeed: Sendable {
    /// Waits between failed attempts grow from the endpoint backoff's base to its maximum.
    static let retryBase = EtcdEndpointSet.backoffBase
    static let retryMax = EtcdEndpointSet.backoffMax

    private let client: EtcdClient
    private let keys: EtcdKeys
    private let cache: WatchCache
    private let hub: WatchHub
    private let waiters: RevisionWaiters
    private let translator: EtcdEventTranslator
    private let lister: EtcdLister
    private let counters: EtcdStoreCounters
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let stream = Mutex<EtcdWatchStream?>(nil)
    private let thread = Mutex<JoinableThread?>(nil)
    private let lastError = Mutex<String?>(nil)
    private let connected = Atomic<Bool>(false)

    init(
        client: EtcdClient, keys: EtcdKeys, cache: WatchCache, hub: WatchHub, waiters: RevisionWaiters,
        translator: EtcdEventTranslator, lister: EtcdLister, counters: EtcdStoreCounters
    ) {
        self.client = client
        self.keys = keys
        self.cache = cache
        self.hub = hub
        self.waiters = waiters
        self.translator = translator
        self.lister = lister
        self.counters = counters
    }

    func start() throws(StoreError) {
        let started: JoinableThread
        do { started = try JoinableThread { [self] in run() } } catch { throw .storage("etcd watch feed: \(error)") }
        thread.withLock { $0 = started }
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        stream.withLock { $0?.abort() }
        wake.signal()
        thread.withLock { $0.take() }?.join()
    }

    /// Drops the watch if it is served by endpoint `i` (a probe found it failed): a member that hangs or
    /// is cut off may never close the stream itself. The feed reconnects, to another endpoint if any.
    func interrupt(ifServedBy i: Int) {
        stream.withLock { stream in
            if let stream, stream.endpoint == i { stream.abort() }
        }
    }

    /// Whether the watch is open (it may be reconnecting or re-listing otherwise).
    var isWatching: Bool { connected.load(ordering: .relaxed) }
    var problem: String? { lastError.withLock { $0 } }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func run() {
        var needsList = false
        var failures = 0
        while !isStopped {
            do throws(EtcdClientError) {
                if needsList {
                    try relist()
                    needsList = false
                }
                let opened = try client.watch(
                    key: keys.rangeStart, rangeEnd: keys.rangeEnd, startRevision: cache.revision + 1)
                counters.watches.add(1, ordering: .relaxed)
                stream.withLock { $0 = opened }
                if isStopped { opened.abort() }
                defer {
                    stream.withLock { $0 = nil }
                    connected.store(false, ordering: .relaxed)
                }
                needsList = try follow(opened, resetFailures: { failures = 0 })
                if !needsList && !isStopped { client.endpoints.failed(opened.endpoint, "the watch stream ended") }
            } catch {
                if isStopped { return }
                lastError.withLock { $0 = error.description }
                if case .compacted = error { needsList = true }
            }
            failures += 1
            pause(failures)
        }
    }

    /// Reads the stream until it ends; true when the feed must re-list (its start was compacted away).
    private func follow(_ opened: EtcdWatchStream, resetFailures: () -> Void) throws(EtcdClientError) -> Bool {
        do throws(EtcdClientError) {
            while let message = try opened.next() {
                if message.created {
                    connected.store(true, ordering: .relaxed)
                    lastError.withLock { $0 = nil }
                    resetFailures()
                }
                if message.canceled {
                    lastError.withLock { $0 = "watch cancelled by etcd: \(message.cancelReason)" }
                    return message.compactRevision > 0
                }
                apply(message.events)
            }
            return false
        } catch {
            if !isStopped { client.endpoints.failed(opened.endpoint, error.detail) }
            throw error
        }
    }

    private func apply(_ batch: [EtcdWatchMessage.Event]) {
        guard let last = batch.last?.kv.modRevision else { return }
        let events = translator.translate(batch)
        cache.apply(events)
        cache.advance(to: last)
        hub.notify()
        waiters.advance(to: last)
    }

    /// Starts the cache over from a full list: history from before it is gone, so the fan-out cuts off
    /// watchers behind it; writes waiting for a revision the list covers complete.
    private func relist() throws(EtcdClientError) {
        let (objects, revision) = try lister.list()
        cache.replace(objects: objects, revision: revision)
        hub.notify()
        waiters.advance(to: revision)
    }

    /// Sleeps after a failure: until an endpoint may be tried again, at least a backoff that doubles with
    /// each failure in a row; returns early when the store stops.
    private func pause(_ failures: Int) {
        let backoff = min(Self.retryBase.nanosecondsValue << min(failures - 1, 16), Self.retryMax.nanosecondsValue)
        let now = monotonicNanoseconds()
        let until = max(now + backoff, client.endpoints.nextRetry(now: now))
        _ = wake.wait(timeout: .now() + .nanoseconds(Int(until - now)))
    }
}
