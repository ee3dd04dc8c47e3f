import Dispatch
import Synchronization
import Testing
@testable import Storage

@Suite struct GroupCommitTests {
    /// 64 writers at once: the writer commits them in groups, so there are fewer transactions (fsyncs)
    /// than writes, and every write gets its own revision.
    @Test func concurrentWritersShareTransactions() throws {
        let f = try StoreFixture()
        let revisions = Mutex<[Int64]>([])
        let store = f.store
        concurrently(64) { t in
            for i in 0..<20 {
                if let object = try? store.create(podKey("p-\(t)-\(i)"), uid: "\(t)-\(i)", pod("p-\(t)-\(i)")) {
                    revisions.withLock { $0.append(object.modRevision) }
                }
            }
        }
        let stats = f.sqlite.statistics
        #expect(revisions.withLock { $0.sorted() } == Array(1...1_280))
        #expect(stats.writes == 1_280 && stats.objects == 1_280)
        #expect(stats.transactions < stats.writes)
        #expect(stats.largestBatch > 1)
    }

    /// The async API queues without blocking: a burst submitted at once lands in few transactions.
    @Test func aBurstOfAsyncWritesIsOneOrFewTransactions() throws {
        let f = try StoreFixture()
        let done = DispatchGroup()
        let failures = Atomic<Int>(0)
        for i in 0..<500 {
            done.enter()
            f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) { result in
                if case .failure = result { failures.add(1, ordering: .relaxed) }
                done.leave()
            }
        }
        done.wait()
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(f.sqlite.statistics.transactions <= 20)
    }

    /// The write is durable when its completion fires: an independent connection (another process
    /// would see the same) already finds the row. With synchronous=FULL, COMMIT has fsynced the WAL.
    @Test func anAcknowledgedWriteIsCommittedBeforeItsCompletion() throws {
        let f = try StoreFixture()
        let path = f.sqlite.path
        let missing = Atomic<Int>(0)
        let done = DispatchGroup()
        for i in 0..<100 {
            done.enter()
            f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) { result in
                defer { done.leave() }
                guard i % 10 == 0, let object = try? result.get() else { return }
                let found = try? SQLiteConnection(path: path, readOnly: true)
                    .integer("SELECT COUNT(*) FROM history WHERE revision = \(object.modRevision)")
                if found != 1 { missing.add(1, ordering: .relaxed) }
            }
        }
        done.wait()
        #expect(missing.load(ordering: .relaxed) == 0)
    }

    @Test func theDatabaseIsWALWithFullSynchronous() throws {
        let f = try StoreFixture()
        let table = try HistoryTable(path: f.directory + "/probe.sqlite")
        #expect(try table.db.text("PRAGMA journal_mode") == "wal")
        #expect(try table.db.integer("PRAGMA synchronous") == 2)  // FULL
    }

    /// The writer answers a group before it wakes the fan-out: the answers are on their loops' queues
    /// ahead of 10,000 watchers' events. The completion waits a while for a wake-up that would mean the
    /// fan-out had started; there must be none until it returns.
    @Test func aWriteIsAnsweredBeforeItsEventIsFannedOut() throws {
        let f = try StoreFixture()
        let answered = Atomic<Bool>(false)
        let wokenBeforeAnswer = Atomic<Bool>(false)
        let woken = DispatchSemaphore(value: 0)
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) {
            if !answered.load(ordering: .acquiring) { wokenBeforeAnswer.store(true, ordering: .relaxed) }
            woken.signal()
        }
        let done = DispatchSemaphore(value: 0)
        f.store.create(podKey("a"), uid: "1", pod("a")) { result in
            #expect((try? result.get()) != nil)
            _ = woken.wait(timeout: .now() + .milliseconds(300))  // a fan-out already started wakes it now
            answered.store(true, ordering: .releasing)
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(watcher.next(timeoutMilliseconds: 10_000).events.count == 1)
        let early = wokenBeforeAnswer.load(ordering: .relaxed)
        #expect(!early)
    }
}
