import HTTP

/// The store on etcd v3, for several masters sharing one cluster state: objects live in etcd as
/// kube-apiserver lays them out, and every master keeps a watch cache in front, fed by one etcd watch, so
/// GET, LIST and watches are served from memory as with SQLite. Writes are etcd transactions (on the
/// key's revisions, as kube's etcd3 store), acknowledged once etcd has them and the cache too.
///
/// Threads: up to `maxConcurrentWrites` writers (one transaction in flight each), the watch feed, the
/// monitor (health probes, compaction), and the watch hub's fan-out. etcd is reached through its JSON
/// gateway with the project's HTTP/1.1 client; when it is lost, reads go on from the cache, writes fail
/// with `.unavailable`, and the store reconnects by itself.
public final class EtcdStore: Store {
    public let options: Options
    /// Shared with the keyspaces made from the store (`keyspace(prefix:)`).
    let client: EtcdClient
    private let keys: EtcdKeys
    private let cache: WatchCache
    private let hub: WatchHub
    private let writer: EtcdWriter
    private let feed: EtcdWatchFeed
    private let monitor: EtcdMonitor
    private let waiters: RevisionWaiters
    private let counters = EtcdStoreCounters()

    /// Connects, lists the prefix into the cache and starts watching. Throws `.unavailable` naming each
    /// endpoint and why it could not be reached, `.invalid` for a bad URL or TLS file.
    public init(options: Options, codec: any StoredObjectCodec) throws(StoreError) {
        self.options = options
        client = try EtcdClient(options: options)
        keys = EtcdKeys(prefix: options.prefix)
        let lister = EtcdLister(client: client, keys: keys, codec: codec, counters: counters)
        let (objects, revision): ([StoredObject], Int64)
        do { (objects, revision) = try lister.list() } catch { throw .unavailable(error.description) }
        cache = WatchCache(
            objects: objects, history: [], historyStartsAfter: revision, revision: revision,
            window: options.historyWindow)
        hub = WatchHub(cache: cache)
        waiters = RevisionWaiters(applied: revision)
        let pending = PendingWrites()
        writer = EtcdWriter(
            executor: EtcdWriteExecutor(
                client: client, keys: keys, codec: codec, cache: cache, pending: pending, waiters: waiters,
                cacheWaitTimeout: options.cacheWaitTimeout, counters: counters),
            maxWorkers: options.maxConcurrentWrites)
        feed = EtcdWatchFeed(
            client: client, keys: keys, cache: cache, hub: hub, waiters: waiters,
            translator: EtcdEventTranslator(
                keys: keys, codec: codec, pending: pending, cache: cache, counters: counters),
            lister: lister, counters: counters)
        let feed = feed
        monitor = EtcdMonitor(
            client: client, cache: cache, waiters: waiters, counters: counters,
            statusInterval: options.statusInterval, compactionInterval: options.compactionInterval,
            endpointFailed: { feed.interrupt(ifServedBy: $0) })
        try hub.start()
        try feed.start()
        try monitor.start()
    }

    /// The cache's revision: every change under the prefix up to it is in the cache.
    public var revision: Int64 { cache.revision }

    public func get(_ key: ObjectKey) -> StoredObject? { cache.get(key) }

    public func list(_ request: ListRequest) throws(StoreError) -> ListResult { try cache.list(request) }

    public func create(_ key: ObjectKey, uid: String, _ draft: ObjectDraft, completion: @escaping WriteCompletion) {
        writer.submit(WriteRequest(key: key, kind: .create(uid: uid, draft), completion: completion))
    }

    public func update(
        _ key: ObjectKey, _ draft: ObjectDraft, preconditions: Preconditions, completion: @escaping WriteCompletion
    ) {
        writer.submit(WriteRequest(key: key, kind: .update(draft, preconditions), completion: completion))
    }

    public func delete(
        _ key: ObjectKey, preconditions: Preconditions, tombstone: TombstoneEncoder?,
        completion: @escaping WriteCompletion
    ) {
        writer.submit(WriteRequest(key: key, kind: .delete(preconditions, tombstone), completion: completion))
    }

    public func watch(_ request: WatchRequest, onReady: @escaping @Sendable () -> Void) throws(StoreError) -> Watcher {
        try hub.register(request, onReady: onReady)
    }

    public func watch(
        _ request: WatchRequest, on thread: WatchThread, onReady: @escaping @Sendable () -> Void,
        onDelivery: @escaping @Sendable () -> Void
    ) throws(StoreError) -> Watcher {
        try hub.register(request, thread: thread, onReady: onReady, onDelivery: onDelivery)
    }

    /// Carries out the writes queued, then stops the feed and the monitor and ends every watch.
    public func close() {
        writer.closeAndJoin()
        feed.stop()
        monitor.stop()
        waiters.fireAll()  // acknowledged by etcd; the cache will not see them now
        hub.stop()
        client.closeIdleConnections()
    }

    /// Ready while some endpoint answers; the detail names each endpoint's last failure.
    public var health: StoreHealth {
        let health = client.endpoints.health
        if health.contains(where: \.reachable) { return StoreHealth(ready: true, detail: feed.problem) }
        return StoreHealth(ready: false, detail: client.endpoints.failureSummary())
    }

    /// One compaction round now, as the timer runs it (kube's algorithm: the first round only records
    /// the revision, the next compacts to it). Returns the revision compacted through, if any.
    @discardableResult
    public func compactNow() throws(StoreError) -> Int64? {
        do { return try monitor.compactOnce() } catch { throw error.storeError }
    }

    public var status: EtcdStoreStatus {
        let health = client.endpoints.health
        let members = monitor.memberStatuses
        let endpoints = client.endpoints.endpoints.indices.map { i in
            EtcdStoreStatus.Endpoint(
                url: client.endpoints.endpoints[i].origin.description, reachable: health[i].reachable,
                lastError: health[i].lastError, member: members[i])
        }
        let reachableMembers = zip(health, members).compactMap { $0.reachable ? $1 : nil }
        let leader = reachableMembers.first { $0.leader != 0 }?.leader
        return EtcdStoreStatus(
            endpoints: endpoints, prefix: keys.prefix, leader: leader,
            revision: max(members.compactMap { $0?.revision }.max() ?? 0, cache.revision),
            cacheRevision: cache.revision,
            compactedRevision: cache.compactedRevision,
            dbSize: (reachableMembers.first { $0.isLeader } ?? reachableMembers.first)?.dbSize, objects: cache.count,
            watching: feed.isWatching, feedProblem: feed.problem,
            writes: counters.writes.load(ordering: .relaxed),
            failedWrites: counters.failedWrites.load(ordering: .relaxed),
            lists: counters.lists.load(ordering: .relaxed), watches: counters.watches.load(ordering: .relaxed),
            undecodable: counters.undecodable.load(ordering: .relaxed),
            compactions: counters.compactions.load(ordering: .relaxed),
            watchers: hub.watcherCount, watchersCutOff: hub.cutOffCount)
    }
}
