import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Storage

/// Keyspaces: kube-console's own keys in etcd beside the objects (compare-and-swap, followed, leased).
@Suite(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct EtcdKeyspaceTests {
    static func keyspace() throws -> EtcdKeyspace {
        try EtcdKeyspace.connect(
            StoreFixture.etcdOptions(try EtcdProcess.shared.url, prefix: "/unused"),
            prefix: "/keyspace-\(UUID().uuidString.prefix(8))")
    }

    @Test func compareAndSwapWritesOnlyOverTheRevisionItSaw() throws {
        let space = try Self.keyspace()
        guard case .written(let first) = try space.put("a", Array("1".utf8), ifModRevision: 0) else {
            Issue.record("not written"); return
        }
        // Another writer that believed the key absent loses, and learns what it holds now.
        #expect(
            try space.put("a", Array("2".utf8), ifModRevision: 0)
                == .moved(current: EtcdEntry(key: "a", value: Array("1".utf8), modRevision: first)))
        guard case .written(let second) = try space.put("a", Array("3".utf8), ifModRevision: first) else {
            Issue.record("not written"); return
        }
        #expect(second > first)
        #expect(try space.get("a")?.value == Array("3".utf8))
        #expect(try space.list().entries.keys.sorted() == ["a"])
        try space.delete("a")
        #expect(try space.get("a") == nil)
        #expect(try space.put("a", [], ifModRevision: second) == .moved(current: nil))
    }

    /// A follower sees every change under its prefix (not beside it), in etcd's order, keys relative.
    @Test func aFollowerSeesWritesAndDeletesOfOthers() throws {
        let space = try Self.keyspace()
        _ = try space.put("before", Array("0".utf8), ifModRevision: 0)
        let seen = Mutex<[[String: String]]>([])
        let follower = try space.follow { snapshot in
            seen.withLock { $0.append(snapshot.entries.mapValues { String(decoding: $0.value, as: UTF8.self) }) }
        }
        defer { follower.stop() }
        #expect(follower.snapshot.entries.keys.sorted() == ["before"])
        let other = try EtcdKeyspace.connect(
            StoreFixture.etcdOptions(try EtcdProcess.shared.url, prefix: "/unused"), prefix: space.prefix)
        _ = try other.put("x", Array("1".utf8), ifModRevision: 0)
        try other.delete("before")
        let beside = try EtcdKeyspace.connect(
            StoreFixture.etcdOptions(try EtcdProcess.shared.url, prefix: "/unused"), prefix: space.prefix + "-beside")
        _ = try beside.put("y", [], ifModRevision: 0)
        _ = try other.put("x", Array("2".utf8), ifModRevision: try other.get("x")?.modRevision ?? 0)
        #expect(eventually(timeout: 5) { seen.withLock { $0.last } == ["x": "2"] })
        // One snapshot per watch message: a batch of events (the watch catching up) gives only its last state;
        // what was seen is the states in order, never one out of order or a mixture.
        let states: [[String: String]] = [["before": "0", "x": "1"], ["x": "1"], ["x": "2"]]
        let indexes = seen.withLock { $0 }.map { snapshot in states.firstIndex(of: snapshot) ?? -1 }
        #expect(
            !indexes.contains(-1) && indexes == indexes.sorted() && Set(indexes).count == indexes.count,
            "\(seen.withLock { $0 })")
    }

    /// A leased key lives while renewed: stopped, it goes at once; abandoned (its owner killed), it goes
    /// when the TTL runs out; its lease revoked behind its back, the keeper grants a new one and puts it back.
    @Test func aLeasedKeyLivesExactlyAsLongAsItsOwner() throws {
        let space = try Self.keyspace()
        let held = try space.keepAlive("me", value: Array("v1".utf8), ttlSeconds: 2)
        #expect(try space.get("me")?.lease == held.lease && held.lease != 0)
        held.update(Array("v2".utf8))
        #expect(eventually(timeout: 5) { (try? space.get("me"))??.value == Array("v2".utf8) })
        // Renewed beyond its TTL: for 3 s the key stays, on the same lease.
        let lease = held.lease
        #expect(!eventually(timeout: 3) { (try? space.get("me"))??.lease != lease })

        let etcd = try EtcdProcess.shared
        #expect(try etcd.etcdctl(["lease", "revoke", String(lease, radix: 16)]).status == 0)
        #expect(eventually(timeout: 5) { ((try? space.get("me"))??.lease ?? 0) != 0 })
        #expect(try space.get("me")?.lease != lease && held.lease != lease)

        held.stop()
        #expect(try space.get("me") == nil)

        let orphan = try space.keepAlive("orphan", value: [], ttlSeconds: 2)
        orphan.abandon()
        #expect(try space.get("orphan") != nil)
        let abandonedAt = Date()
        #expect(eventually(timeout: 10) { (try? space.get("orphan")) == .some(nil) })
        #expect(Date().timeIntervalSince(abandonedAt) > 1, "it must outlive the owner by about its TTL")
    }
}
