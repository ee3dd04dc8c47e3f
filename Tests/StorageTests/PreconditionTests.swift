import Synchronization
import Testing
@testable import Storage

@Suite struct PreconditionTests {
    @Test func updateWithTheCurrentRevisionSucceedsAndWithAStaleOneConflicts() throws {
        let f = try StoreFixture()
        let v1 = try f.store.create(podKey("a"), uid: "u", pod("a"))
        let v2 = try f.store.update(podKey("a"), pod("a", note: "2"), preconditions: .init(revision: v1.modRevision))
        #expect(v2.modRevision == 2)
        #expect(throws: StoreError.conflict(podKey("a"), .revision(expected: 1, actual: 2))) {
            try f.store.update(podKey("a"), pod("a", note: "3"), preconditions: .init(revision: v1.modRevision))
        }
        #expect(note(f.store.get(podKey("a"))!) == "2")
    }

    @Test func deletePreconditionsOnUIDAndRevision() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "uid-1", pod("a"))
        #expect(throws: StoreError.conflict(podKey("a"), .uid(expected: "uid-0", actual: "uid-1"))) {
            try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-0"))
        }
        #expect(throws: StoreError.conflict(podKey("a"), .revision(expected: 7, actual: 1))) {
            try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-1", revision: 7))
        }
        #expect(f.store.get(podKey("a")) != nil)
        try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-1", revision: 1))
        #expect(f.store.get(podKey("a")) == nil)
    }

    @Test func conflictMessagesAreKubernetesShaped() {
        #expect(StoreError.conflict(podKey("a"), .uid(expected: "x", actual: "y")).description
            == "pods/default/a: Precondition failed: UID in precondition: x, UID in object meta: y")
        #expect(StoreError.tooOldResourceVersion(requested: 3, oldest: 10).description == "too old resource version: 3 (10)")
    }

    /// Concurrent compare-and-swaps on one revision: the writer checks each against the writes before it,
    /// even within one group, so exactly one wins.
    @Test func concurrentUpdatesOnOneRevisionHaveOneWinner() throws {
        let f = try StoreFixture()
        let base = try f.store.create(podKey("a"), uid: "u", pod("a")).modRevision
        let wins = Atomic<Int>(0), conflicts = Atomic<Int>(0)
        let store = f.store
        concurrently(32) { i in
            do {
                _ = try store.update(podKey("a"), pod("a", note: "\(i)"), preconditions: .init(revision: base))
                wins.add(1, ordering: .relaxed)
            } catch StoreError.conflict {
                conflicts.add(1, ordering: .relaxed)
            } catch {}
        }
        #expect(wins.load(ordering: .relaxed) == 1 && conflicts.load(ordering: .relaxed) == 31)
        #expect(f.store.revision == base + 1)
    }
}
