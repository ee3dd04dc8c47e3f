import CSQLite
import Dispatch
import Synchronization
import Threads

/// Copies the WAL back into the database file on a thread and connection of its own. SQLite's automatic
/// checkpoint runs inside the COMMIT that crosses its threshold, on the writer: under load that was every
/// half second, 4 MB written into the database and fsynced, 20-30 ms in which no write was acknowledged
/// (the p99 of creates).
///
/// Here the log is copied in passes of half a threshold by this thread (passive checkpoints: the writer
/// goes on committing meanwhile). A passive checkpoint never quite catches up with a busy writer, and the
/// log only starts over once everything in it has been copied, so at `threshold` frames the writer copies
/// the little that is left itself, between two commits, and its next transaction starts the log again.
final class Checkpointer: @unchecked Sendable {  // `thread` is set once, before any other thread sees it
    /// Frames (pages) in the log at which the writer finishes a checkpoint: SQLite's own default
    /// (wal_autocheckpoint), so the log keeps its usual size, about 4 MB.
    static let defaultThreshold = 1_000

    let threshold: Int
    private let path: String
    /// Frames of the current log this thread has copied (as of its last pass).
    private let copied = Atomic<Int>(0)
    private let requested = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private var thread: JoinableThread?
    /// Checkpoints run by this thread, and by the writer (finishing one at `threshold`).
    let passes = Atomic<Int>(0)
    let catchUps = Atomic<Int>(0)
    var completed: Int { passes.load(ordering: .relaxed) + catchUps.load(ordering: .relaxed) }

    init(path: String, threshold: Int = Checkpointer.defaultThreshold) {
        self.path = path
        self.threshold = max(2, threshold)
    }

    /// Takes over the writer connection's checkpoints: its WAL hook (which replaces SQLite's automatic
    /// checkpoint) reports here after each commit. The thread starts first, so a failure leaves the
    /// connection as it was.
    func attach(to writer: SQLiteConnection) throws(StoreError) {
        do { thread = try JoinableThread { [self] in run() } } catch { throw .storage("checkpointer: \(error)") }
        sqlite3_wal_hook(
            writer.handle,
            { context, db, _, frames in
                Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().logHasGrown(to: Int(frames), db: db)
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())  // the table that attaches keeps both alive together
    }

    /// Stops the thread and closes its connection. Before the writer's connection closes: the last one to
    /// close checkpoints what is left and removes the log.
    func stop() {
        guard let thread, !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        thread.join()
    }

    /// On the writer thread, inside COMMIT: `frames` are now in the log.
    private func logHasGrown(to frames: Int, db: OpaquePointer?) {
        var copiedSoFar = copied.load(ordering: .relaxed)
        if frames < copiedSoFar {  // the log started over since this thread's last pass
            copiedSoFar = 0
            copied.store(0, ordering: .relaxed)
        }
        if frames >= threshold {
            // Copies what the passes have not (busy when a pass is running: the next commit tries again).
            if sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
                catchUps.add(1, ordering: .relaxed)
            }
        } else if frames - copiedSoFar >= threshold / 2, !requested.exchange(true, ordering: .acquiringAndReleasing) {
            wake.signal()
        }
    }

    private func run() {
        // Copying pages must not preempt the I/O loop or the writer; the disk work overlaps theirs.
        JoinableThread.setBatchScheduling(true)
        // Without a connection the writer's own checkpoints keep the log bounded.
        guard let connection = try? SQLiteConnection(path: path) else { return }
        // FULL: the database file is fsynced before the log may be started over.
        try? connection.execute("PRAGMA synchronous=FULL")
        while true {
            wake.wait()
            if stopping.load(ordering: .acquiring) { return }
            requested.store(false, ordering: .releasing)
            var inLog: Int32 = 0, checkpointed: Int32 = 0
            if sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &inLog, &checkpointed)
                == SQLITE_OK
            {
                copied.store(Int(checkpointed), ordering: .relaxed)
                passes.add(1, ordering: .relaxed)
            }
        }
    }
}
