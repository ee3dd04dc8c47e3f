import Foundation
import Testing
import TestSupport
@testable import Storage

/// etcd unreachable, lost and back: each test runs its own etcd, to kill it.
@Suite(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct EtcdOutageTests {
    func open(_ endpoints: [String]) throws -> EtcdStore {
        var options = StoreFixture.etcdOptions(endpoints[0], prefix: "/registry")
        options.endpoints = endpoints
        return try EtcdStore(options: options, codec: TestObjectCodec())
    }

    @Test func unreachableAtStartIsAClearErrorNamingTheEndpoint() throws {
        let url = "http://127.0.0.1:\(freePort())"
        #expect(throws: StoreError.unavailable("etcd is unreachable: \(url): Connection refused")) { try open([url]) }
    }

    @Test func anEndpointThatFailsIsLeftForTheNext() throws {
        let etcd = try EtcdProcess()
        let dead = "http://127.0.0.1:\(freePort())"
        let store = try open([dead, etcd.url])
        defer { store.close() }
        _ = try store.create(podKey("a"), uid: "a", pod("a"))
        let status = store.status
        #expect(status.endpoints.map(\.reachable) == [false, true])
        #expect(status.endpoints[0].lastError == "Connection refused")
        #expect(store.health.ready)
    }

    /// While etcd is gone, the cache goes on serving reads, writes fail with `.unavailable` (503), the
    /// health says so; once it is back, the store reconnects by itself, and a watch made before the outage
    /// resumes where it was (no re-list).
    @Test func etcdLostWhileServingAndBack() throws {
        let etcd = try EtcdProcess()
        let store = try open([etcd.url])
        defer { store.close() }
        let a = try store.create(podKey("a"), uid: "a", pod("a"))
        let watcher = try store.watch(WatchRequest(resource: "pods", start: .after(a.modRevision))) {}

        etcd.kill()
        #expect(store.get(podKey("a"))?.modRevision == a.modRevision)
        #expect(try store.list(ListRequest(resource: "pods")).items.map(\.key.name) == ["a"])
        #expect {
            try store.create(podKey("b"), uid: "b", pod("b"))
        } throws: { error in
            guard case .unavailable(let message)? = error as? StoreError else { return false }
            return message.contains("127.0.0.1:\(etcd.clientPort)")
        }
        #expect(eventually(timeout: 10) { !store.health.ready })
        #expect(store.health.detail?.contains("127.0.0.1:\(etcd.clientPort)") == true)

        try etcd.start()
        #expect(eventually(timeout: 15) { store.health.ready })
        var b: StoredObject?
        #expect(
            eventually(timeout: 15) {
                b = try? store.create(podKey("b"), uid: "b", pod("b"))
                return b != nil
            })
        #expect(summary(watcher.collect(1).events) == ["ADDED b@\(b?.modRevision ?? 0)"])
        #expect(store.get(podKey("b"))?.modRevision == b?.modRevision)
        #expect(store.status.lists == 1 && store.status.watches >= 2)
    }

    /// A member that hangs (SIGSTOP) closes nothing: the health probe times out, the store says it is not
    /// ready and drops the feed's watch; once the member runs again, all recovers and the watch goes on.
    @Test func aHungMemberIsNoticedAndTheWatchRecovers() throws {
        let etcd = try EtcdProcess()
        var options = StoreFixture.etcdOptions(etcd.url, prefix: "/registry")
        options.requestTimeout = .milliseconds(500)
        options.statusInterval = .milliseconds(200)
        let store = try EtcdStore(options: options, codec: TestObjectCodec())
        defer { store.close() }
        let a = try store.create(podKey("a"), uid: "a", pod("a"))
        let watcher = try store.watch(WatchRequest(resource: "pods", start: .after(a.modRevision))) {}
        etcd.setRunning(false)
        defer { etcd.setRunning(true) }
        #expect(eventually(timeout: 10) { !store.health.ready })
        #expect(store.get(podKey("a")) != nil)
        etcd.setRunning(true)
        #expect(eventually(timeout: 15) { store.health.ready })
        var b: StoredObject?
        #expect(
            eventually(timeout: 15) {
                b = try? store.create(podKey("b"), uid: "b", pod("b"))
                return b != nil
            })
        #expect(summary(watcher.collect(1, timeoutMilliseconds: 10_000).events) == ["ADDED b@\(b?.modRevision ?? 0)"])
        #expect(store.status.watches >= 2 && store.status.lists == 1)
    }

    /// A feed that comes back to find its place compacted away re-lists: watchers behind it are cut off
    /// (they re-list too), the cache holds what etcd holds, and writes go on.
    @Test func aFeedWhosePlaceWasCompactedReLists() throws {
        let etcd = try EtcdProcess()
        let store = try open([etcd.url])
        defer { store.close() }
        _ = try store.create(podKey("a"), uid: "a", pod("a"))
        let watcher = try store.watch(WatchRequest(resource: "pods")) {}
        // Writes outside the prefix move etcd on but not the cache; compact past the cache's revision.
        for value in ["1", "2"] { #expect(try etcd.etcdctl(["put", "/elsewhere", value]).status == 0) }
        let revision = try #require(
            Int64(
                try etcd.etcdctl(["get", "/elsewhere", "-w", "fields"]).stdout
                    .split(separator: "\n").first { $0.hasPrefix("\"ModRevision\"") }?.split(separator: ":").last?
                    .trimmingCharacters(in: .whitespaces) ?? ""))
        #expect(try etcd.etcdctl(["compact", String(revision)]).status == 0)
        etcd.kill()
        try etcd.start()
        #expect(watcher.collect(1, timeoutMilliseconds: 20_000).end == .tooSlow)
        #expect(eventually(timeout: 15) { store.status.lists == 2 })
        #expect(store.revision >= revision)
        #expect(store.get(podKey("a")) != nil)
        var b: StoredObject?
        #expect(
            eventually(timeout: 15) {
                b = try? store.create(podKey("b"), uid: "b", pod("b"))
                return b != nil
            })
        #expect(try store.list(ListRequest(resource: "pods")).items.map(\.key.name) == ["a", "b"])
    }
}
