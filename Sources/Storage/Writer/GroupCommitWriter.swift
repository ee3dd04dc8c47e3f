import Dispatch
import Synchronization
import Threads

/// The single writer. Writes queue up from any thread; the writer thread takes everything queued,
/// checks each against the cache (so preconditions see every earlier write, including earlier ones in
/// the same group), commits the group in one transaction (one fsync), makes it visible in the cache,
/// wakes the watch fan-out, and only then completes each caller. While it waits on the fsync, the next
/// group accumulates: the busier the store, the larger the groups.
final class GroupCommitWriter: @unchecked Sendable {  // the vars below are confined to the writer thread
    private struct Queue {
        var writes: [WriteRequest] = []
        var closed = false
    }

    /// Writes per transaction at most, so one huge burst doesn't hold every caller until all are done.
    static let maxBatch = 1_024

    private let queue = Mutex(Queue())
    private let pending = DispatchSemaphore(value: 0)
    private var thread: JoinableThread?
    let statistics = WriterStatistics()

    /// Dropped (closing the database, checkpointing the WAL) when the thread ends.
    private var history: HistoryTable?
    private let checkpointer: Checkpointer
    var checkpoints: Int { checkpointer.completed }
    private let cache: WatchCache
    private let hub: WatchHub
    private let window: Int64
    private var revision: Int64
    private var compacted: Int64

    init(history: HistoryTable, cache: WatchCache, hub: WatchHub, window: Int, revision: Int64, compacted: Int64) {
        self.history = history
        checkpointer = history.checkpointer
        self.cache = cache
        self.hub = hub
        self.window = Int64(window)
        self.revision = revision
        self.compacted = compacted
        statistics.compactedRevision.store(compacted, ordering: .relaxed)
    }

    func start() throws(StoreError) {
        do { thread = try JoinableThread { [self] in run() } } catch { throw .storage("writer: \(error)") }
    }

    func submit(_ write: WriteRequest) {
        let queued = queue.withLock { queue -> Bool? in
            guard !queue.closed else { return nil }
            queue.writes.append(write)
            return queue.writes.count == 1
        }
        switch queued {
        case nil: write.completion(.failure(.closed))
        case true?: pending.signal()  // the writer drains until empty before waiting, so one wake per batch suffices
        case false?: break
        }
    }

    /// Commits everything already queued, refuses later writes, and stops the thread.
    func closeAndJoin() {
        let wasOpen = queue.withLock { queue in
            defer { queue.closed = true }
            return !queue.closed
        }
        guard wasOpen else { return }
        pending.signal()
        thread?.join()
    }

    private func run() {
        while true {
            // Idle, the writer waits as a batch thread: on a busy CPU the I/O loop that queues the first
            // write goes on to queue the rest of its ready requests before the writer takes them (at the
            // first write it would commit a group of one). Committing, it is a normal thread again, so
            // when its fsync completes it takes the CPU at once, answers the group and starts the next.
            JoinableThread.setBatchScheduling(true)
            pending.wait()
            JoinableThread.setBatchScheduling(false)
            while true {
                let (batch, closed) = queue.withLock { queue in
                    let count = min(queue.writes.count, Self.maxBatch)
                    defer { queue.writes.removeFirst(count) }
                    return (Array(queue.writes.prefix(count)), queue.closed)
                }
                if batch.isEmpty {
                    if closed {
                        history = nil
                        return
                    }
                    break
                }
                commit(batch)
            }
        }
    }

    private func commit(_ batch: [WriteRequest]) {
        guard let history else { return }
        var current = cache.current(batch.map(\.key))
        var events: [StoreEvent] = []
        var results: [Result<StoredObject, StoreError>] = []
        results.reserveCapacity(batch.count)
        for write in batch {
            switch write.plan(current: current[write.key], revision: revision + Int64(events.count) + 1) {
            case .success(let event):
                events.append(event)
                current[write.key] = event.kind == .deleted ? nil : event.object
                results.append(.success(event.object))
            case .failure(let refused):
                results.append(.failure(refused))
            }
        }
        if !events.isEmpty {
            do {
                try history.append(events)
                revision += Int64(events.count)
                statistics.committed(writes: events.count)
                // Visible before acknowledged: a caller that reads after its completion sees its write.
                cache.apply(events)
            } catch {
                statistics.failedTransactions.add(1, ordering: .relaxed)
                results = results.map { $0.flatMap { _ in .failure(error) } }
            }
        }
        for (write, result) in zip(batch, results) { write.completion(result) }
        // Acknowledged before fanned out: the answers are on their loops' queues before the fan-out
        // thread wakes, so a loop sends them ahead of its share of the watch events (10,000 of them).
        if !events.isEmpty { hub.notify() }
        compactIfDue()
    }

    /// Compacts once the history has grown a tenth of the window past it, so each compaction is small.
    private func compactIfDue() {
        guard let history else { return }
        let target = revision - window
        guard target - compacted >= max(1, window / 10) else { return }
        do {
            let removed = try history.compact(through: target, after: compacted)
            compacted = target
            statistics.compactions.add(1, ordering: .relaxed)
            statistics.rowsCompacted.add(removed, ordering: .relaxed)
            statistics.compactedRevision.store(target, ordering: .relaxed)
        } catch {
            // Nothing is lost by compacting later; the next commit retries.
        }
    }
}
