import Synchronization
import Testing
@testable import Storage

@Suite struct PreconditionTests {
    @Test(arguments: StoreKind.available)
    func updateWithTheCurrentRevisionSucceedsAndWithAStaleOneConflicts(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let v1 = try f.store.create(podKey("a"), uid: "u", pod("a"))
        let v2 = try f.store.update(podKey("a"), pod("a", note: "2"), preconditions: .init(revision: v1.modRevision))
        #expect(v2.modRevision > v1.modRevision)
        #expect(throws: StoreError.conflict(podKey("a"), .revision(expected: v1.modRevision, actual: v2.modRevision))) {
            try f.store.update(podKey("a"), pod("a", note: "3"), preconditions: .init(revision: v1.modRevision))
        }
        #expect(note(f.store.get(podKey("a"))!) == "2")
    }

    @Test(arguments: StoreKind.available)
    func deletePreconditionsOnUIDAndRevision(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let a = try f.store.create(podKey("a"), uid: "uid-1", pod("a", uid: "uid-1"))
        #expect(throws: StoreError.conflict(podKey("a"), .uid(expected: "uid-0", actual: "uid-1"))) {
            try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-0"))
        }
        let wrong = a.modRevision + 1_000
        #expect(throws: StoreError.conflict(podKey("a"), .revision(expected: wrong, actual: a.modRevision))) {
            try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-1", revision: wrong))
        }
        #expect(f.store.get(podKey("a")) != nil)
        try f.store.delete(podKey("a"), preconditions: .init(uid: "uid-1", revision: a.modRevision))
        #expect(f.store.get(podKey("a")) == nil)
    }

    @Test func conflictMessagesAreKubernetesShaped() {
        #expect(
            StoreError.conflict(podKey("a"), .uid(expected: "x", actual: "y")).description
                == "pods/default/a: Precondition failed: UID in precondition: x, UID in object meta: y")
        #expect(
            StoreError.tooOldResourceVersion(requested: 3, oldest: 10).description == "too old resource version: 3 (10)"
        )
    }

    /// Concurrent compare-and-swaps on one revision: exactly one wins (SQLite's writer checks each against
    /// the writes before it, even within one group; etcd's transactions compare the key's mod_revision).
    @Test(arguments: StoreKind.available)
    func concurrentUpdatesOnOneRevisionHaveOneWinner(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let base = try f.store.create(podKey("a"), uid: "u", pod("a")).modRevision
        let wins = Atomic<Int>(0), conflicts = Atomic<Int>(0), winner = Atomic<Int64>(0)
        let store = f.store
        concurrently(32) { i in
            do {
                winner.store(
                    try store.update(podKey("a"), pod("a", note: "\(i)"), preconditions: .init(revision: base))
                        .modRevision, ordering: .relaxed)
                wins.add(1, ordering: .relaxed)
            } catch StoreError.conflict {
                conflicts.add(1, ordering: .relaxed)
            } catch {}
        }
        #expect(wins.load(ordering: .relaxed) == 1 && conflicts.load(ordering: .relaxed) == 31)
        #expect(f.store.revision == winner.load(ordering: .relaxed))  // the losers wrote nothing
        #expect(f.store.get(podKey("a"))?.modRevision == winner.load(ordering: .relaxed))
    }
}
