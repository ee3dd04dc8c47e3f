import Synchronization

/// Counters the writer bumps and anyone may read: the group-commit test and the console use them.
final class WriterStatistics: Sendable {
    /// Write transactions committed: one WAL fsync each.
    let transactions = Atomic<Int>(0)
    /// Writes committed (creates, updates, deletes).
    let writes = Atomic<Int>(0)
    let largestBatch = Atomic<Int>(0)
    /// Transactions that failed (and whose writes were all refused with `.storage`).
    let failedTransactions = Atomic<Int>(0)
    let compactions = Atomic<Int>(0)
    let rowsCompacted = Atomic<Int>(0)
    let compactedRevision = Atomic<Int64>(0)

    func committed(writes count: Int) {
        transactions.add(1, ordering: .relaxed)
        writes.add(count, ordering: .relaxed)
        // one writer: no race
        if count > largestBatch.load(ordering: .relaxed) { largestBatch.store(count, ordering: .relaxed) }
    }
}
