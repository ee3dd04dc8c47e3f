import Foundation
import Testing
@testable import Storage

@Suite struct RecoveryTests {
    /// A restart recovers every object with its metadata: SQLite from its file, the etcd store by listing
    /// the prefix (and decoding what it finds). The revision goes on from there.
    @Test(arguments: StoreKind.available)
    func aRestartRecoversEverythingCommittedAndTheRevisionContinues(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        _ = try f.store.create(
            podKey("a"), uid: "uid-a", pod("a", uid: "uid-a", labels: ["app": "web"], node: "node-1"))
        _ = try f.store.create(podKey("b", namespace: "prod"), uid: "uid-b", pod("b", namespace: "prod", uid: "uid-b"))
        _ = try f.store.update(
            podKey("a"), pod("a", uid: "uid-a", labels: ["app": "web", "v": "2"], node: "node-1", phase: "Running"))
        _ = try f.store.create(podKey("gone"), uid: "uid-g", pod("gone", uid: "uid-g"))
        try f.store.delete(podKey("gone"))
        let last = try f.store.create(
            ObjectKey(resource: "nodes", name: "node-1"), uid: "n", node("node-1", labels: ["zone": "a"])
        ).modRevision
        let before = try f.store.list(ListRequest(resource: "pods"))

        try f.reopen()
        // SQLite's revision is its last write's; etcd's is etcd's own, which other keys may have moved on.
        #expect(kind == .sqlite ? f.store.revision == last : f.store.revision >= last)
        let after = try f.store.list(ListRequest(resource: "pods"))
        #expect(after.items.map(\.key) == before.items.map(\.key))
        for (x, y) in zip(before.items, after.items) {
            #expect(x.value == y.value && x.uid == y.uid && x.labels == y.labels && x.fields == y.fields)
            #expect(x.createRevision == y.createRevision && x.modRevision == y.modRevision)
        }
        #expect(f.store.get(podKey("gone")) == nil)
        #expect(f.store.get(ObjectKey(resource: "nodes", name: "node-1"))?.labels == ["zone": "a"])
        #expect(try f.store.create(podKey("c"), uid: "c", pod("c")).modRevision > last)
        #expect(throws: StoreError.alreadyExists(podKey("a"))) { try f.store.create(podKey("a"), uid: "x", pod("a")) }
    }

    /// The history window survives a restart: a client's watch resumes where it left off, with the same
    /// event types (including selector transitions, which need each event's previous version). SQLite
    /// only: the etcd store's history starts with its cache, as kube-apiserver's watch cache does.
    @Test func watchesResumeAcrossARestart() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        _ = try f.store.update(podKey("a"), pod("a", node: "node-1"))
        _ = try f.store.update(podKey("a"), pod("a", node: "node-1", phase: "Running"))
        _ = try f.store.update(podKey("a"), pod("a", node: "node-2"))
        try f.store.delete(podKey("a"))
        try f.reopen()
        let all = try f.store.watch(WatchRequest(resource: "pods", start: .after(0))) {}
        #expect(
            summary(all.collect(5).events) == [
                "ADDED a@1", "MODIFIED a@2", "MODIFIED a@3", "MODIFIED a@4", "DELETED a@5",
            ])
        let node1 = try f.store.watch(
            WatchRequest(
                resource: "pods", fieldSelector: FieldSelector(parsing: "spec.nodeName=node-1"),
                start: .after(2))
        ) {}
        #expect(summary(node1.collect(2).events) == ["MODIFIED a@3", "DELETED a@4"])
    }

    /// Everything acknowledged is where a second store finds it, without the first closing: for SQLite in
    /// the files (the real SIGKILL test runs against the binary), for etcd in etcd.
    @Test(arguments: StoreKind.available)
    func acknowledgedWritesSurviveWithoutAClose(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let store = f.store
        concurrently(8) { t in
            for i in 0..<25 { _ = try? store.create(podKey("p-\(t)-\(i)"), uid: "\(t)", pod("p-\(t)-\(i)")) }
        }
        let acknowledged = f.store.revision
        let second = try f.another()
        defer { second.close() }
        #expect(kind == .sqlite ? second.revision == acknowledged : second.revision >= acknowledged)
        #expect(try second.list(ListRequest(resource: "pods")).items.count == 200)
    }

    /// close() closes the database (SQLite checkpoints the WAL into it and removes the log).
    @Test func closeCheckpointsTheLog() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "a", pod("a"))
        #expect(access(f.sqlite.path + "-wal", F_OK) == 0)
        f.store.close()
        #expect(access(f.sqlite.path + "-wal", F_OK) != 0)
        try f.reopen()
        #expect(f.store.get(podKey("a")) != nil)
    }
}
