/// The embedded store: an in-memory watch cache in front of an append-only SQLite history in the data
/// directory, written by one group-committing writer thread, with a fan-out thread for watches.
public final class SQLiteStore: Store {
    public struct Options: Sendable {
        /// Revisions of history kept, in memory and on disk: how far back a watch can resume or a paged
        /// list stay consistent. kube-apiserver keeps about 5 minutes in etcd and a few thousand events in
        /// its watch cache; 10,000 writes is minutes at a busy cluster's rate and ~20 MB of pods.
        public var historyWindow: Int
        /// WAL frames that start a background checkpoint (tests make it small).
        var checkpointThreshold = Checkpointer.defaultThreshold

        public init(historyWindow: Int = SQLiteStore.defaultHistoryWindow) {
            self.historyWindow = max(1, historyWindow)
        }
    }

    public static let defaultHistoryWindow = 10_000
    public static let databaseFileName = "store.sqlite"

    public let path: String
    private let lock: DataDirectoryLock
    private let cache: WatchCache
    private let hub: WatchHub
    private let writer: GroupCommitWriter

    /// Opens (or creates) the store in `directory` and recovers everything committed there.
    public init(directory: String, options: Options = Options()) throws(StoreError) {
        lock = try DataDirectoryLock(directory: directory)
        path = directory + "/" + Self.databaseFileName
        let history = try HistoryTable(path: path, checkpointThreshold: options.checkpointThreshold)
        let recovered = try history.recover(window: options.historyWindow)
        cache = WatchCache(
            objects: recovered.objects, history: recovered.history,
            historyStartsAfter: recovered.historyStartsAfter, revision: recovered.revision,
            window: options.historyWindow)
        hub = WatchHub(cache: cache)
        writer = GroupCommitWriter(
            history: history, cache: cache, hub: hub, window: options.historyWindow,
            revision: recovered.revision, compacted: recovered.compacted)
        try hub.start()
        do { try writer.start() } catch {
            hub.stop()
            throw error
        }
    }

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

    public func close() {
        writer.closeAndJoin()  // commits what is queued, then closes the database
        hub.stop()
        lock.release()
    }

    public var statistics: StoreStatistics {
        let s = writer.statistics
        return StoreStatistics(
            revision: cache.revision, objects: cache.count,
            transactions: s.transactions.load(ordering: .relaxed), writes: s.writes.load(ordering: .relaxed),
            largestBatch: s.largestBatch.load(ordering: .relaxed),
            failedTransactions: s.failedTransactions.load(ordering: .relaxed),
            compactions: s.compactions.load(ordering: .relaxed),
            rowsCompacted: s.rowsCompacted.load(ordering: .relaxed),
            compactedRevision: s.compactedRevision.load(ordering: .relaxed),
            oldestResumable: cache.oldestResumable, checkpoints: writer.checkpoints,
            watchers: hub.watcherCount, watchersCutOff: hub.cutOffCount)
    }
}

/// A moment's view of the store's counters, for tests, /metrics and the console.
public struct StoreStatistics: Sendable, Equatable {
    public var revision: Int64
    public var objects: Int
    /// Write transactions committed, each one fsync of the WAL. Fewer than `writes` under load.
    public var transactions: Int
    public var writes: Int
    public var largestBatch: Int
    public var failedTransactions: Int
    public var compactions: Int
    public var rowsCompacted: Int
    /// History at or before this revision has been compacted away on disk.
    public var compactedRevision: Int64
    /// The oldest revision a watch can resume from.
    public var oldestResumable: Int64
    /// WAL checkpoints run (copies of the log into the database file), off the writer's commits.
    public var checkpoints: Int
    public var watchers: Int
    /// Watchers closed for falling too far behind.
    public var watchersCutOff: Int
}
