import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Storage

@Suite struct WatchTests {
    @Test func liveEventsArriveInRevisionOrderWithTheirBytes() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("before"), uid: "0", pod("before"))
        let wakeUps = Atomic<Int>(0)
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) { wakeUps.add(1, ordering: .relaxed) }
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        _ = try f.store.update(podKey("a"), pod("a", phase: "Running"))
        try f.store.delete(podKey("a"))
        _ = try f.store.create(ObjectKey(resource: "services", namespace: "default", name: "a"), uid: "s", ObjectDraft(value: []))
        let (events, end) = watcher.collect(3)
        #expect(end == nil)
        #expect(summary(events) == ["ADDED a@2", "MODIFIED a@3", "DELETED a@4"])
        #expect(events.map { embeddedResourceVersion($0.object) } == ["2", "3", "3"])  // a tombstone keeps the last bytes by default
        #expect(events[1].object.fields["status.phase"] == "Running")
        #expect(wakeUps.load(ordering: .relaxed) >= 1)
        // The services write is past too: once fanned out, a bookmark may say 5.
        var progress: Int64 = 0
        eventually(timeout: 5) {
            progress = watcher.drain().progress
            return progress >= 5
        }
        #expect(progress == 5)
    }

    @Test func manyConcurrentWritersAreSeenInStrictRevisionOrder() throws {
        let f = try StoreFixture()
        let watcher = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 10_000)) {}
        let store = f.store
        concurrently(16) { t in
            for i in 0..<25 { _ = try? store.create(podKey("p-\(t)-\(i)"), uid: "\(t)-\(i)", pod("p-\(t)-\(i)")) }
        }
        let (events, _) = watcher.collect(400)
        #expect(events.map(\.revision) == Array(1...400))
    }

    @Test func resumeFromARevisionReplaysHistoryThenLiveEvents() throws {
        let f = try StoreFixture()
        for i in 1...5 { _ = try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) }
        let watcher = try f.store.watch(WatchRequest(resource: "pods", start: .after(2))) {}
        _ = try f.store.update(podKey("p1"), pod("p1", note: "x"))
        let (events, _) = watcher.collect(4)
        #expect(summary(events) == ["ADDED p3@3", "ADDED p4@4", "ADDED p5@5", "MODIFIED p1@6"])
    }

    @Test func listThenWatchFromTheListRevisionMissesNothing() throws {
        let f = try StoreFixture()
        let store = f.store
        let writing = JoinableThread { for i in 0..<200 { _ = try? store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) } }
        // List part-way through the writes, then watch from the list's revision.
        #expect(eventually(timeout: 10) { f.store.revision >= 50 })
        let list = try f.store.list(ListRequest(resource: "pods"))
        var seen = Set(list.items.map(\.key.name))
        let watcher = try f.store.watch(WatchRequest(resource: "pods", start: .after(list.revision))) {}
        writing.join()
        let (events, _) = watcher.collect(200 - seen.count)
        for event in events { #expect(seen.insert(event.object.key.name).inserted, "duplicate \(event.object.key.name)") }
        #expect(seen.count == 200)
    }

    @Test func aRevisionOlderThanTheWindowIsTooOld() throws {
        let f = try StoreFixture(window: 5)
        for i in 1...20 { _ = try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")) }
        #expect(throws: StoreError.tooOldResourceVersion(requested: 1, oldest: 15)) {
            try f.store.watch(WatchRequest(resource: "pods", start: .after(1))) {}
        }
        let oldest = try f.store.watch(WatchRequest(resource: "pods", start: .after(15))) {}
        #expect(summary(oldest.collect(5).events) == (16...20).map { "ADDED p\($0)@\($0)" })
    }

    @Test func namespaceAndResourceFilters() throws {
        let f = try StoreFixture()
        let prod = try f.store.watch(WatchRequest(resource: "pods", namespace: "prod")) {}
        _ = try f.store.create(podKey("a", namespace: "dev"), uid: "1", pod("a", namespace: "dev"))
        _ = try f.store.create(ObjectKey(resource: "configmaps", namespace: "prod", name: "c"), uid: "2", ObjectDraft(value: []))
        _ = try f.store.create(podKey("b", namespace: "prod"), uid: "3", pod("b", namespace: "prod"))
        #expect(summary(prod.collect(1).events) == ["ADDED b@3"])
        #expect(prod.next(timeoutMilliseconds: 100).events.isEmpty)
    }

    /// A kubelet watching `spec.nodeName=node-1` must see a pod bound to it as ADDED and one moved away as
    /// DELETED, like kube-apiserver's watch cache does.
    @Test func selectorTransitionsBecomeAddedAndDeleted() throws {
        let f = try StoreFixture()
        let kubelet = try f.store.watch(WatchRequest(resource: "pods", fieldSelector: FieldSelector(parsing: "spec.nodeName=node-1"))) {}
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))                          // unscheduled: unseen
        _ = try f.store.update(podKey("a"), pod("a", node: "node-1"))                    // bound: ADDED
        _ = try f.store.update(podKey("a"), pod("a", node: "node-1", phase: "Running"))  // MODIFIED
        _ = try f.store.update(podKey("a"), pod("a", node: "node-2"))                    // gone: DELETED
        _ = try f.store.update(podKey("a"), pod("a", node: "node-2", phase: "Failed"))   // unseen
        _ = try f.store.create(podKey("b"), uid: "2", pod("b", node: "node-1"))          // ADDED
        try f.store.delete(podKey("b"))                                                  // DELETED
        #expect(summary(kubelet.collect(5).events) == ["ADDED a@2", "MODIFIED a@3", "DELETED a@4", "ADDED b@6", "DELETED b@7"])
    }

    @Test func initialStateIsAddedEventsThenLive() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("b"), uid: "1", pod("b", labels: ["app": "web"]))
        _ = try f.store.create(podKey("a"), uid: "2", pod("a", labels: ["app": "web"]))
        _ = try f.store.create(podKey("c"), uid: "3", pod("c"))
        let ready = Atomic<Int>(0)
        let watcher = try f.store.watch(WatchRequest(resource: "pods", labelSelector: LabelSelector(parsing: "app=web"),
                                                     start: .initialState, bufferLimit: 1)) { ready.add(1, ordering: .relaxed) }
        #expect(ready.load(ordering: .relaxed) == 1)  // something to drain right away
        _ = try f.store.create(podKey("d"), uid: "4", pod("d", labels: ["app": "web"]))
        let (events, end) = watcher.collect(3)
        #expect(end == nil)  // the initial state doesn't count against the buffer limit
        #expect(summary(events) == ["ADDED a@2", "ADDED b@1", "ADDED d@4"])
    }

    @Test func cancelEndsTheWatchAndUnregistersIt() throws {
        let f = try StoreFixture()
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) {}
        #expect(f.sqlite.statistics.watchers == 1)
        watcher.cancel()
        #expect(watcher.drain().end == .cancelled)
        #expect(f.sqlite.statistics.watchers == 0)
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        #expect(watcher.drain().events.isEmpty)
    }

    @Test func closingTheStoreEndsWatches() throws {
        let f = try StoreFixture()
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) {}
        f.store.close()
        #expect(watcher.next(timeoutMilliseconds: 1_000).end == .storeClosed)
    }
}
