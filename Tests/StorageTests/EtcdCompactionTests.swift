import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Storage

@Suite(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct EtcdCompactionTests {
    /// kube's compactor: the first round records etcd's revision, the next compacts to it. Revisions
    /// before it are then 410 Expired for watches and exact lists (on every master: another one's round
    /// loses the compare-and-swap on compact_rev_key and learns the compacted revision), and gone from etcd.
    @Test func compactionExpiresOlderRevisionsOnEveryMaster() throws {
        let etcd = try EtcdProcess()
        let options = StoreFixture.etcdOptions(etcd.url, prefix: "/registry")
        let a = try EtcdStore(options: options, codec: TestObjectCodec())
        defer { a.close() }
        let b = try EtcdStore(options: options, codec: TestObjectCodec())
        defer { b.close() }
        let r1 = try a.create(podKey("p1"), uid: "1", pod("p1")).modRevision
        let r2 = try a.create(podKey("p2"), uid: "2", pod("p2")).modRevision
        // B's feed is past r2 before anything is compacted: a feed whose watch reached etcd only after the
        // compaction would re-list (see EtcdOutageTests), and B's history would start after it.
        #expect(eventually(timeout: 10) { b.revision >= r2 })
        #expect(try a.compactNow() == nil)  // kube does not compact on its first round
        let r3 = try a.create(podKey("p3"), uid: "3", pod("p3")).modRevision
        let compacted = try #require(try a.compactNow())
        #expect(compacted > r2 && compacted < r3)

        #expect(throws: StoreError.tooOldResourceVersion(requested: r1, oldest: compacted)) {
            try a.watch(WatchRequest(resource: "pods", start: .after(r1))) {}
        }
        #expect(throws: StoreError.tooOldResourceVersion(requested: r1, oldest: compacted)) {
            try a.list(ListRequest(resource: "pods", revision: r1))
        }
        let later = try a.watch(WatchRequest(resource: "pods", start: .after(compacted))) {}
        #expect(summary(later.collect(1).events) == ["ADDED p3@\(r3)"])
        let old = try etcd.etcdctl(["get", "--rev", String(r1), "/registry/pods/default/p1"])
        #expect(old.status != 0 && old.stderr.contains("required revision has been compacted"))

        #expect(eventually(timeout: 10) { b.revision >= r3 })  // B's feed has caught up with A's writes
        #expect(try b.compactNow() == compacted)
        #expect(b.status.compactedRevision == compacted && b.status.compactions == 1)
        #expect(throws: StoreError.tooOldResourceVersion(requested: r1, oldest: compacted)) {
            try b.watch(WatchRequest(resource: "pods", start: .after(r1))) {}
        }
    }

    /// Two masters running their rounds at the same moment, round after round, as their timers do on one
    /// interval: each round exactly one of them wins compact_rev_key (its version moves by one a round),
    /// and both agree on what is compacted.
    @Test func ofMastersCompactingAtOnceOneCompactsPerRound() throws {
        let etcd = try EtcdProcess()
        let options = StoreFixture.etcdOptions(etcd.url, prefix: "/registry")
        let stores = [
            try EtcdStore(options: options, codec: TestObjectCodec()),
            try EtcdStore(options: options, codec: TestObjectCodec()),
        ]
        defer { for store in stores { store.close() } }
        func version() throws -> Int {
            let out = try etcd.etcdctl(["get", "-w", "json", "compact_rev_key"]).stdout
            let answer = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            return ((answer?["kvs"] as? [[String: Any]])?.first?["version"] as? NSNumber)?.intValue ?? 0
        }
        for round in 1...3 {
            _ = try stores[0].create(podKey("p\(round)"), uid: "\(round)", pod("p\(round)"))
            let results = Mutex<[Int64?]>([nil, nil])
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let compacted = try? stores[i].compactNow()
                results.withLock { $0[i] = compacted }
            }
            #expect(try version() == round, "round \(round): one master bumps compact_rev_key, not both")
            let both = results.withLock { $0 }
            if round > 1 {  // the first round only records the revision
                #expect(both[0] != nil && both[0] == both[1], "round \(round): \(both)")
            }
        }
    }
}
