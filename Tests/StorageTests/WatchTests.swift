import Foundation
import Synchronization
import Testing
import TestSupport
import Threads
@testable import Storage

@Suite struct WatchTests {
    @Test(arguments: StoreKind.available)
    func liveEventsArriveInRevisionOrderWithTheirBytes(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        _ = try f.store.create(podKey("before"), uid: "0", pod("before"))
        let wakeUps = Atomic<Int>(0)
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) { wakeUps.add(1, ordering: .relaxed) }
        let added = try f.store.create(podKey("a"), uid: "1", pod("a")).modRevision
        let modified = try f.store.update(podKey("a"), pod("a", phase: "Running")).modRevision
        let deleted = try f.store.delete(podKey("a")).modRevision
        let service = try f.store.create(
            ObjectKey(resource: "services", namespace: "default", name: "a"), uid: "s", ObjectDraft(value: [])
        ).modRevision
        let (events, end) = watcher.collect(3)
        #expect(end == nil)
        #expect(summary(events) == ["ADDED a@\(added)", "MODIFIED a@\(modified)", "DELETED a@\(deleted)"])
        // A tombstone keeps the last bytes by default.
        #expect(events.map { embeddedResourceVersion($0.object) } == ["\(added)", "\(modified)", "\(modified)"])
        #expect(events[1].object.fields["status.phase"] == "Running")
        #expect(wakeUps.load(ordering: .relaxed) >= 1)
        // The services write is past too: once fanned out, a bookmark may say so.
        var progress: Int64 = 0
        eventually(timeout: 5) {
            progress = watcher.drain().progress
            return progress >= service
        }
        #expect(progress == service)
    }

    @Test(arguments: StoreKind.available)
    func manyConcurrentWritersAreSeenInStrictRevisionOrder(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let watcher = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 10_000)) {}
        let store = f.store
        let written = Mutex<[Int64]>([])
        concurrently(16) { t in
            for i in 0..<25 {
                if let object = try? store.create(podKey("p-\(t)-\(i)"), uid: "\(t)-\(i)", pod("p-\(t)-\(i)")) {
                    written.withLock { $0.append(object.modRevision) }
                }
            }
        }
        let (events, _) = watcher.collect(400)
        #expect(events.map(\.revision) == written.withLock { $0.sorted() })
        #expect(events.count == 400)
    }

    @Test(arguments: StoreKind.available)
    func resumeFromARevisionReplaysHistoryThenLiveEvents(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        var r: [Int64] = []
        for i in 1...5 { r.append(try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision) }
        let watcher = try f.store.watch(WatchRequest(resource: "pods", start: .after(r[1]))) {}
        let p1 = try f.store.update(podKey("p1"), pod("p1", note: "x")).modRevision
        let (events, _) = watcher.collect(4)
        #expect(summary(events) == ["ADDED p3@\(r[2])", "ADDED p4@\(r[3])", "ADDED p5@\(r[4])", "MODIFIED p1@\(p1)"])
    }

    @Test(arguments: StoreKind.available)
    func listThenWatchFromTheListRevisionMissesNothing(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let store = f.store
        let start = f.store.revision
        let created = Atomic<Int>(0)
        let writing = try JoinableThread {
            for i in 0..<200 where (try? store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)"))) != nil {
                created.add(1, ordering: .relaxed)
            }
        }
        // List part-way through the writes, then watch from the list's revision.
        #expect(eventually(timeout: 20) { created.load(ordering: .relaxed) >= 50 })
        let list = try f.store.list(ListRequest(resource: "pods"))
        #expect(list.revision > start)
        var seen = Set(list.items.map(\.key.name))
        let watcher = try f.store.watch(WatchRequest(resource: "pods", start: .after(list.revision))) {}
        writing.join()
        let (events, _) = watcher.collect(200 - seen.count, timeoutMilliseconds: 20_000)
        for event in events {
            #expect(seen.insert(event.object.key.name).inserted, "duplicate \(event.object.key.name)")
        }
        #expect(seen.count == 200)
    }

    @Test(arguments: StoreKind.available)
    func aRevisionOlderThanTheWindowIsTooOld(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind, window: 5)
        var r: [Int64] = []
        for i in 1...20 { r.append(try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision) }
        #expect(throws: StoreError.tooOldResourceVersion(requested: r[0], oldest: r[14])) {
            try f.store.watch(WatchRequest(resource: "pods", start: .after(r[0]))) {}
        }
        let oldest = try f.store.watch(WatchRequest(resource: "pods", start: .after(r[14]))) {}
        #expect(summary(oldest.collect(5).events) == (16...20).map { "ADDED p\($0)@\(r[$0 - 1])" })
    }

    @Test(arguments: StoreKind.available)
    func namespaceAndResourceFilters(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let prod = try f.store.watch(WatchRequest(resource: "pods", namespace: "prod")) {}
        _ = try f.store.create(podKey("a", namespace: "dev"), uid: "1", pod("a", namespace: "dev"))
        _ = try f.store.create(
            ObjectKey(resource: "configmaps", namespace: "prod", name: "c"), uid: "2", ObjectDraft(value: []))
        let b = try f.store.create(podKey("b", namespace: "prod"), uid: "3", pod("b", namespace: "prod")).modRevision
        #expect(summary(prod.collect(1).events) == ["ADDED b@\(b)"])
        #expect(prod.next(timeoutMilliseconds: 100).events.isEmpty)
    }

    /// A kubelet watching `spec.nodeName=node-1` must see a pod bound to it as ADDED and one moved away as
    /// DELETED, like kube-apiserver's watch cache does.
    @Test(arguments: StoreKind.available)
    func selectorTransitionsBecomeAddedAndDeleted(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let kubelet = try f.store.watch(
            WatchRequest(resource: "pods", fieldSelector: FieldSelector(parsing: "spec.nodeName=node-1"))
        ) {}
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))  // unscheduled: unseen
        let bound = try f.store.update(podKey("a"), pod("a", node: "node-1")).modRevision  // bound: ADDED
        // MODIFIED
        let running = try f.store.update(podKey("a"), pod("a", node: "node-1", phase: "Running")).modRevision
        let moved = try f.store.update(podKey("a"), pod("a", node: "node-2")).modRevision  // gone: DELETED
        _ = try f.store.update(podKey("a"), pod("a", node: "node-2", phase: "Failed"))  // unseen
        let b = try f.store.create(podKey("b"), uid: "2", pod("b", node: "node-1")).modRevision  // ADDED
        let bGone = try f.store.delete(podKey("b")).modRevision  // DELETED
        #expect(
            summary(kubelet.collect(5).events)
                == [
                    "ADDED a@\(bound)", "MODIFIED a@\(running)", "DELETED a@\(moved)", "ADDED b@\(b)",
                    "DELETED b@\(bGone)",
                ])
    }

    @Test(arguments: StoreKind.available)
    func initialStateIsAddedEventsThenLive(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let b = try f.store.create(podKey("b"), uid: "1", pod("b", labels: ["app": "web"])).modRevision
        let a = try f.store.create(podKey("a"), uid: "2", pod("a", labels: ["app": "web"])).modRevision
        _ = try f.store.create(podKey("c"), uid: "3", pod("c"))
        let ready = Atomic<Int>(0)
        let watcher = try f.store.watch(
            WatchRequest(
                resource: "pods", labelSelector: LabelSelector(parsing: "app=web"),
                start: .initialState, bufferLimit: 1)
        ) { ready.add(1, ordering: .relaxed) }
        #expect(ready.load(ordering: .relaxed) == 1)  // something to drain right away
        let d = try f.store.create(podKey("d"), uid: "4", pod("d", labels: ["app": "web"])).modRevision
        let (events, end) = watcher.collect(3)
        #expect(end == nil)  // the initial state doesn't count against the buffer limit
        #expect(summary(events) == ["ADDED a@\(a)", "ADDED b@\(b)", "ADDED d@\(d)"])
    }

    @Test(arguments: StoreKind.available)
    func cancelEndsTheWatchAndUnregistersIt(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) {}
        #expect(f.watchers.count == 1)
        watcher.cancel()
        #expect(watcher.drain().end == .cancelled)
        #expect(f.watchers.count == 0)
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        #expect(watcher.drain().events.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func closingTheStoreEndsWatches(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let watcher = try f.store.watch(WatchRequest(resource: "pods")) {}
        f.store.close()
        #expect(watcher.next(timeoutMilliseconds: 1_000).end == .storeClosed)
    }
}
