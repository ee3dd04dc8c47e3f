import Foundation
import Testing
import TestSupport
@testable import Storage

@Suite struct CompactionTests {
    /// With a window of 10, a key rewritten 100 times keeps only the rows a watch or list can still
    /// reach; a deleted key leaves nothing behind (and is not resurrected on restart).
    @Test func supersededRowsAndOldTombstonesAreRemoved() throws {
        let f = try StoreFixture(window: 10)
        _ = try f.store.create(podKey("doomed"), uid: "d", pod("doomed"))
        _ = try f.store.update(podKey("doomed"), pod("doomed", note: "2"))
        try f.store.delete(podKey("doomed"))
        _ = try f.store.create(podKey("steady"), uid: "s", pod("steady"))
        _ = try f.store.create(podKey("busy"), uid: "b", pod("busy"))
        for i in 0..<100 { _ = try f.store.update(podKey("busy"), pod("busy", note: "\(i)")) }

        // Compaction follows the commit whose completion we saw: wait for it to catch up.
        var stats = f.sqlite.statistics
        eventually(timeout: 5) {
            stats = f.sqlite.statistics
            return stats.compactedRevision >= 95
        }
        #expect(stats.revision == 105)
        #expect(stats.compactions > 0 && stats.rowsCompacted > 90)
        let compacted = stats.compactedRevision
        #expect(compacted == 105 - 10)  // the window, compacting every window/10 = 1 revisions
        let rows = try f.historyRows()
        #expect(rows.allSatisfy { $0.name != "doomed" })
        #expect(rows.contains { $0.name == "steady" })  // the latest row of a key outlives any window
        #expect(rows.filter { $0.revision <= compacted }.count == 2)  // steady, and busy as of `compacted`
        #expect(rows.filter { $0.revision > compacted }.count == Int(105 - compacted))

        try f.reopen()
        #expect(f.store.get(podKey("doomed")) == nil)
        #expect(note(f.store.get(podKey("busy"))!) == "99")
        #expect(f.store.get(podKey("steady")) != nil)
        #expect(f.store.revision == 105)
        #expect(try f.store.create(podKey("next"), uid: "n", pod("next")).modRevision == 106)
        #expect(throws: StoreError.self) { try f.store.watch(WatchRequest(resource: "pods", start: .after(50))) {} }
        let resumed = try f.store.watch(WatchRequest(resource: "pods", start: .after(100))) {}
        #expect(summary(resumed.collect(6).events).last == "ADDED next@106")
    }

    /// Tombstones are compacted away with the rows they superseded; the revision still continues after a
    /// restart (it is the newest row's, or the compaction mark's if that is newer).
    @Test func theRevisionContinuesAfterCompactingTombstones() throws {
        let f = try StoreFixture(window: 1)
        _ = try f.store.create(podKey("a"), uid: "a", pod("a"))
        try f.store.delete(podKey("a"))
        _ = try f.store.create(podKey("b"), uid: "b", pod("b"))
        try f.store.delete(podKey("b"))
        _ = try f.store.create(podKey("c"), uid: "c", pod("c"))
        try f.store.delete(podKey("c"))
        #expect(try f.historyRows().map(\.revision) == [5, 6])
        try f.reopen()
        #expect(f.store.revision == 6)
        #expect(try f.store.list(ListRequest(resource: "pods")).items.isEmpty)
        #expect(try f.store.create(podKey("d"), uid: "d", pod("d")).modRevision == 7)
    }
}
