import Synchronization
import Testing
import TestSupport
@testable import Storage

/// A consumer thread's watchers, fanned out on that thread (`WatchGroup`). Here the test is the thread: the
/// group's wake-ups are recorded and the test runs `deliver()` when it chooses, so what the hub hands over
/// and what a watcher that joins in between sees are fixed, not raced.
@Suite struct WatchGroupTests {
    /// A `WatchThread` whose wake-ups are counted, with the group they asked to deliver.
    final class RecordingThread: Sendable {
        private let woken = Mutex<(count: Int, group: WatchGroup?)>((0, nil))
        var wakeUps: Int { woken.withLock { $0.count } }

        var thread: WatchThread {
            WatchThread(id: ObjectIdentifier(self)) { group in self.woken.withLock { $0 = ($0.count + 1, group) } }
        }

        /// Waits for the `count`-th wake-up and returns the group.
        func group(afterWakeUps count: Int) throws -> WatchGroup {
            #expect(eventually(timeout: 10) { wakeUps >= count })
            return try #require(woken.withLock { $0.group })
        }
    }

    @Test func aWriteIsOfferedToEveryMemberOnlyWhenTheGroupsThreadDelivers() throws {
        let f = try StoreFixture(.sqlite)
        let thread = RecordingThread()
        let deliveries = Mutex<[Int]>([])
        let watchers = try (0..<3).map { i in
            try f.store.watch(WatchRequest(resource: "pods"), on: thread.thread) {
            } onDelivery: {
                deliveries.withLock { $0.append(i) }
            }
        }
        #expect(f.watchers.count == 3)
        let added = try f.store.create(podKey("a"), uid: "1", pod("a")).modRevision
        let group = try thread.group(afterWakeUps: 1)
        #expect(deliveries.withLock { $0 }.isEmpty)  // handed over, not yet offered
        #expect(watchers.allSatisfy { $0.drain().isEmpty })
        group.deliver()
        #expect(deliveries.withLock { $0.sorted() } == [0, 1, 2])
        for watcher in watchers { #expect(watcher.drain().single?.revision == added) }
        // A service is no pod: handed over to the group, offered, and skipped by every member.
        _ = try f.store.create(ObjectKey(resource: "services", namespace: "default", name: "s"), uid: "s", pod("s"))
        try thread.group(afterWakeUps: 2).deliver()
        #expect(deliveries.withLock { $0.count } == 3)
    }

    /// The watcher's backlog covers what the fan-out had handed over when it registered, even what the
    /// group has not delivered yet: the group must not offer that again.
    @Test func aWatcherJoiningWhileABatchWaitsInTheGroupGetsEachEventOnce() throws {
        let f = try StoreFixture(.sqlite)
        let thread = RecordingThread()
        let start = try f.store.create(podKey("p0"), uid: "0", pod("p0")).modRevision
        let first = try f.store.watch(WatchRequest(resource: "pods"), on: thread.thread) {
        } onDelivery: {
        }
        let added = try f.store.create(podKey("a"), uid: "1", pod("a")).modRevision
        let group = try thread.group(afterWakeUps: 1)  // the batch holding `a` waits in the group
        let joining = try f.store.watch(WatchRequest(resource: "pods", start: .after(start)), on: thread.thread) {
        } onDelivery: {
        }
        group.deliver()
        let later = try f.store.create(podKey("b"), uid: "2", pod("b")).modRevision
        try thread.group(afterWakeUps: 2).deliver()
        #expect(joining.collect(2).events.map(\.revision) == [added, later])
        #expect(joining.drain().isEmpty)
        #expect(first.collect(2).events.map(\.revision) == [added, later])
    }

    @Test func aCancelledMemberLeavesAtTheDeliveryItAsksFor() throws {
        let f = try StoreFixture(.sqlite)
        let thread = RecordingThread()
        let delivered = Atomic<Int>(0)
        let staying = try f.store.watch(WatchRequest(resource: "pods"), on: thread.thread) {
        } onDelivery: {
        }
        let leaving = try f.store.watch(WatchRequest(resource: "pods"), on: thread.thread) {
        } onDelivery: {
            delivered.add(1, ordering: .relaxed)
        }
        leaving.cancel()
        try thread.group(afterWakeUps: 1).deliver()  // no write: the removal alone asked for this delivery
        #expect(f.watchers.count == 1)
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        try thread.group(afterWakeUps: 2).deliver()
        #expect(delivered.load(ordering: .relaxed) == 0)
        #expect(staying.drain().single != nil)
    }

    /// A thread that stops delivering cannot make the group hold every event since: past the limit the
    /// events are let go and the members cut off (they re-list), counted as cut off.
    @Test func aGroupTooFarBehindCutsItsWatchersOff() throws {
        let f = try StoreFixture(.sqlite)
        let objects = try (1...3).map { try f.store.create(podKey("p\($0)"), uid: "\($0)", pod("p\($0)")) }
        let thread = RecordingThread()
        let group = WatchGroup(thread: thread.thread, revision: 0, maxPendingEvents: 2)
        let hub = WatchHub(cache: WatchCache(objects: [], history: [], historyStartsAfter: 0, revision: 0, window: 10))
        let watcher = Watcher(
            filter: WatchRequest(resource: "pods").filter, startsAfter: 0, liveAfter: 0, bufferLimit: 100,
            backlog: [], delivered: group.delivered, hub: hub, group: group, onReady: {}, onDelivery: {})
        group.add(watcher)
        group.handOver(objects.prefix(2).map { StoreEvent(kind: .added, object: $0, previous: nil) })
        group.handOver([StoreEvent(kind: .added, object: objects[2], previous: nil)])  // three, past two
        #expect(thread.wakeUps == 2)  // the first hand-over, then the group going stuck
        group.deliver()
        let batch = watcher.drain()
        #expect(batch.end == .tooSlow && batch.isEmpty)
        #expect(group.count == 0 && group.cutOffCount == 1)
    }

    @Test func closingTheStoreEndsTheGroupsWatches() throws {
        let f = try StoreFixture(.sqlite)
        let thread = RecordingThread()
        let watcher = try f.store.watch(WatchRequest(resource: "pods"), on: thread.thread) {
        } onDelivery: {
        }
        f.store.close()
        #expect(watcher.drain().end == .storeClosed)
    }
}
