import Foundation
import Testing
import TestSupport
@testable import Storage

/// Two stores on one etcd are two masters: what one writes, the other serves and its watchers see.
@Suite(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct EtcdMastersTests {
    @Test func aWriteOnOneMasterIsSeenByAWatchAndAGetOnTheOther() throws {
        let f = try StoreFixture(.etcd)
        let b = try f.another()
        defer { b.close() }
        let watcher = try b.watch(WatchRequest(resource: "pods")) {}
        let created = try f.store.create(
            podKey("a"), uid: "uid-a", pod("a", uid: "uid-a", labels: ["app": "web"], node: "n1"))
        let (events, _) = watcher.collect(1)
        #expect(summary(events) == ["ADDED a@\(created.modRevision)"])
        // B decoded A's write from etcd: the same bytes and metadata A's own cache holds.
        let seen = try #require(b.get(podKey("a")))
        #expect(
            seen.value == created.value && seen.uid == "uid-a" && seen.labels == ["app": "web"]
                && seen.fields["spec.nodeName"] == "n1")
        // B updates on what it read; A's stale precondition then conflicts.
        let updated = try b.update(
            podKey("a"), pod("a", uid: "uid-a", note: "from b"), preconditions: .init(revision: seen.modRevision))
        #expect(
            throws: StoreError.conflict(
                podKey("a"), .revision(expected: created.modRevision, actual: updated.modRevision))
        ) {
            try f.store.update(
                podKey("a"), pod("a", note: "from a"), preconditions: .init(revision: created.modRevision))
        }
        #expect(eventually(timeout: 5) { f.store.get(podKey("a"))?.modRevision == updated.modRevision })
        #expect(f.store.get(podKey("a")).flatMap(note) == "from b")
        // An update without a precondition on A whose cache lags still lands (it retries on etcd's version).
        let deleted = try b.delete(podKey("a"))
        #expect(eventually(timeout: 5) { f.store.get(podKey("a")) == nil })
        #expect(
            summary(watcher.collect(2).events) == [
                "MODIFIED a@\(updated.modRevision)", "DELETED a@\(deleted.modRevision)",
            ])
    }

    @Test func objectsLiveUnderThePrefixAsKubeApiserverLaysThemOut() throws {
        let f = try StoreFixture(.etcd)
        _ = try f.store.create(podKey("a", namespace: "prod"), uid: "u", pod("a", namespace: "prod"))
        _ = try f.store.create(ObjectKey(resource: "nodes", name: "n1"), uid: "n", node("n1"))
        let etcd = try EtcdProcess.shared
        let keys = try etcd.etcdctl(["get", "--prefix", "--keys-only", f.prefix + "/"])
        #expect(keys.status == 0, "\(keys.stderr)")
        #expect(keys.stdout.split(separator: "\n") == ["\(f.prefix)/nodes/n1", "\(f.prefix)/pods/prod/a"])
        let value = try etcd.etcdctl(["get", "--print-value-only", "\(f.prefix)/pods/prod/a"])
        #expect(value.stdout.hasPrefix(#"{"kind":"Pod","metadata":{"name":"a","namespace":"prod""#))
    }

    /// Keys written by someone else (etcdctl here) are decoded; values that are not objects are skipped,
    /// and a put of one makes the object absent.
    @Test func foreignWritesAreDecodedAndNonObjectsSkipped() throws {
        let f = try StoreFixture(.etcd)
        let etcd = try EtcdProcess.shared
        let watcher = try f.store.watch(WatchRequest(resource: "configmaps")) {}
        let document =
            #"{"kind":"ConfigMap","metadata":{"name":"x","uid":"ux","labels":{"k":"v"},"resourceVersion":"0"}}"#
        #expect(try etcd.etcdctl(["put", "\(f.prefix)/configmaps/default/x", document]).status == 0)
        let added = watcher.collect(1).events
        #expect(
            added.first?.type == .added && added.first?.object.uid == "ux" && added.first?.object.labels == ["k": "v"])
        #expect(
            embeddedResourceVersion(
                try #require(f.store.get(ObjectKey(resource: "configmaps", namespace: "default", name: "x"))))
                == String(added.first?.revision ?? 0))
        #expect(try etcd.etcdctl(["put", "\(f.prefix)/configmaps/default/x", "not json"]).status == 0)
        #expect(watcher.collect(1).events.first?.type == .deleted)
        #expect(f.store.get(ObjectKey(resource: "configmaps", namespace: "default", name: "x")) == nil)
        #expect(f.etcd.status.undecodable == 1)
    }
}
