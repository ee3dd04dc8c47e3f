import Foundation
import Testing
import TestSupport
@testable import Storage

@Suite struct CheckpointTests {
    /// A history table in a fresh directory, and the frames its log holds.
    final class Table {
        let directory = NSTemporaryDirectory() + "kc-checkpoint-\(UUID().uuidString)"
        let table: HistoryTable
        var revision: Int64 = 0
        var path: String { directory + "/t.sqlite" }

        init(threshold: Int) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            table = try HistoryTable(path: directory + "/t.sqlite", checkpointThreshold: threshold)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// One transaction of one 6 KB row: a leaf page and overflow pages, three frames or so.
        func append() throws {
            revision += 1
            let object = StoredObject(
                key: podKey("p\(revision)"), uid: "u", labels: [:], fields: [:],
                value: Array(repeating: 120, count: 6_000), createRevision: revision, modRevision: revision)
            try table.append([StoreEvent(kind: .added, object: object, previous: nil)])
        }

        /// Frames written to the log since it last started over: its size only grows, so this counts
        /// until the first restart, which is all these tests need.
        var framesInLog: Int { max(0, (fileSize(path + "-wal") - 32) / (24 + 4_096)) }
    }

    /// Half a threshold into the log, the checkpointer's thread copies it into the database file; the
    /// writer's commits do not.
    @Test func passesCopyTheLogOffTheWritersThread() throws {
        let t = try Table(threshold: 200)
        let before = fileSize(t.path)
        while t.framesInLog < 120 { try t.append() }  // past 100, short of 200
        #expect(
            eventually(timeout: 10) {
                t.table.checkpointer.passes.load(ordering: .relaxed) > 0 && fileSize(t.path) > before
            })
        #expect(t.table.checkpointer.catchUps.load(ordering: .relaxed) == 0)
    }

    /// At the threshold the writer copies what is left itself, so the log can start over.
    @Test func theWriterFinishesAtTheThreshold() throws {
        let t = try Table(threshold: 200)
        var written = 0
        // about 1,200 frames at most
        while t.table.checkpointer.catchUps.load(ordering: .relaxed) == 0, written < 400 {
            try t.append()
            written += 1
        }
        #expect(t.table.checkpointer.catchUps.load(ordering: .relaxed) > 0)
        #expect(t.framesInLog < 300)
        let size = fileSize(t.path + "-wal")
        for _ in 0..<5 { try t.append() }
        #expect(fileSize(t.path + "-wal") == size)  // started over: new frames overwrite the old
    }

    /// The writer's own connection has no automatic checkpoint: with the threshold out of reach, the log
    /// grows past SQLite's 1,000 frames and the database file stays as it was.
    @Test func commitsDoNotCheckpointOtherwise() throws {
        let t = try Table(threshold: 1_000_000)
        let before = fileSize(t.path)
        while t.framesInLog < 1_200 { try t.append() }
        #expect(fileSize(t.path) == before)
        #expect(t.table.checkpointer.completed == 0)
    }

    @Test func theStoreCountsCheckpoints() throws {
        var options = SQLiteStore.Options()
        options.checkpointThreshold = 50
        let directory = NSTemporaryDirectory() + "kc-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory, options: options)
        defer { store.close() }
        for i in 0..<120 { _ = try store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) }
        #expect(eventually(timeout: 10) { store.statistics.checkpoints > 0 })
        #expect(try store.list(ListRequest(resource: "pods")).items.count == 120)
    }
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}
