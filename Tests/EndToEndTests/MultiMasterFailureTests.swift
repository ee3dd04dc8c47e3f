import Foundation
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Masters and etcd members killed under load: nothing acknowledged is lost, the survivors go on.
@Suite("masters on etcd: failures", .enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct MultiMasterFailureTests {
    /// Writers creating configmaps through the masters' localhost ports, each until told to stop; every
    /// create answered 201 is recorded, and every other answer or failure counted.
    final class Writers: @unchecked Sendable {
        let acknowledged = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        private let stopped = Atomic<Bool>(false)
        private let group = DispatchGroup()

        init(_ count: Int, set: MasterSet, masters: [Int]) {
            for w in 0..<count {
                let master = masters[w % masters.count]
                DispatchQueue.global().async(group: group) { [self] in
                    var n = 0
                    // One keep-alive connection, a new one only after a failure: thousands of short ones
                    // use up the ephemeral ports other tests' servers are about to bind.
                    var connection: RawClient?
                    while !stopped.load(ordering: .acquiring) {
                        let name = "w\(w)-\(n)"
                        n += 1
                        do {
                            let c = try connection ?? RawClient(port: set.servers[master].port("localhost"))
                            connection = c
                            let r = try set.call(
                                master, "POST", "/api/v1/namespaces/default/configmaps",
                                #"{"metadata":{"name":"\#(name)"}}"#, on: c)
                            if r.status == 201 {
                                acknowledged.withLock { $0.append(name) }
                            } else {
                                failures.withLock { $0.append("\(name): \(r.status)") }
                            }
                        } catch {
                            connection = nil
                            failures.withLock { $0.append("\(name): \(error)") }
                        }
                    }
                }
            }
        }

        var count: Int { acknowledged.withLock { $0.count } }

        func stop() {
            stopped.store(true, ordering: .releasing)
            group.wait()
        }
    }

    /// Names of the configmaps in default as master `i` lists them.
    static func names(_ set: MasterSet, _ i: Int) -> Set<String> {
        guard let r = try? set.call(i, "GET", "/api/v1/namespaces/default/configmaps"), r.status == 200,
            let list = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any],
            let items = list["items"] as? [[String: Any]]
        else { return [] }
        return Set(items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
    }

    /// Three etcd members, two masters, eight writers: the etcd leader SIGKILLed mid-run. It is the first
    /// of `--etcd-servers`, the endpoint both masters use: they leave it for another, writes pause while a
    /// new leader is elected and resume, and `/readyz` passes its etcd check again. Afterwards every
    /// acknowledged create is there, on both masters and in etcd.
    @Test(.timeLimit(.minutes(2)))
    func killingTheEtcdLeaderLosesNoAcknowledgedWrite() throws {
        let cluster = try EtcdCluster(size: 3)
        let leader = try #require(eventually(timeout: 10) { cluster.leader() != nil } ? cluster.leader() : nil)
        let endpoints = [cluster.urls[leader]] + cluster.urls.enumerated().filter { $0.offset != leader }.map(\.element)
        let set = try MasterSet(2, etcd: endpoints, extra: ["--secure-port", "0", "--read-only-port", "0"])
        let writers = Writers(8, set: set, masters: [0, 1])
        #expect(eventually(timeout: 20) { writers.count >= 40 })
        #expect(cluster.leader() == leader, "the leader moved before it was killed")
        cluster.members[leader].kill()
        let killedAt = writers.count, killed = ContinuousClock.now
        var resumed: Duration?
        #expect(
            eventually(timeout: 30) {
                if resumed == nil && writers.count > killedAt + 8 { resumed = ContinuousClock.now - killed }
                return writers.count >= killedAt + 40
            })
        writers.stop()
        for master in [0, 1] {
            let ready = try set.call(master, "GET", "/readyz?verbose")
            #expect(ready.status == 200 && ready.text.contains("[+]etcd ok"), "\(ready.text)")
        }
        let acknowledged = Set(writers.acknowledged.withLock { $0 })
        print(
            "etcd leader m\(leader) killed after \(killedAt) creates; writes resumed within \(resumed.map { "\($0)" } ?? "never"); \(acknowledged.count) acknowledged, \(writers.failures.withLock { $0.count }) refused or failed while electing"
        )
        for master in [0, 1] {
            #expect(
                eventually(timeout: 10) { acknowledged.isSubset(of: Self.names(set, master)) },
                "master \(master) lacks acknowledged creates")
        }
        let survivor = (leader + 1) % 3
        let keys = try runTool(
            "/usr/bin/etcdctl",
            [
                "--endpoints", cluster.urls[survivor], "get", "--prefix", "--keys-only",
                "\(set.prefix)/configmaps/default/",
            ]
        ).stdout
        let stored = Set(keys.split(separator: "\n").map { String($0.split(separator: "/").last!) })
        #expect(acknowledged.isSubset(of: stored))
    }

    /// Master A killed while clients use B: B answers every request (creates, reads, its watch goes on),
    /// and A's identity lease runs out (`--identity-lease-duration 2s`) while B's stays. (The limit only
    /// guards against a hang: alone it takes ~8 s, but its waits add up to ~50 s on a loaded 2-core runner.)
    @Test(.timeLimit(.minutes(3)))
    func killingOneMasterLeavesTheOthersClientsWithoutErrors() throws {
        let set = try MasterSet(
            2, etcd: [try EtcdProcess.shared.url],
            extra: ["--secure-port", "0", "--read-only-port", "0", "--identity-lease-duration", "2s"])
        #expect(eventually(timeout: 5) { (try? set.masterKeys().count) == 2 })
        let identities = Set(try set.masterKeys())
        let watch = try RawClient(port: set.servers[1].port("localhost"))
        try watch.send("GET /api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try watch.readResponseHead().status == 200)
        let writers = Writers(4, set: set, masters: [1])
        #expect(eventually(timeout: 10) { writers.count >= 20 })
        set.servers[0].signal(SIGKILL)
        let before = writers.count
        #expect(eventually(timeout: 20) { writers.count >= before + 40 })
        // A's identity expires with its lease (2 s, no longer renewed); B's stays.
        #expect(eventually(timeout: 10) { (try? set.masterKeys().count) == 1 }, "A's identity lease did not expire")
        let left = try set.masterKeys()
        let value = try runTool(
            "/usr/bin/etcdctl", ["--endpoints", set.endpoints[0], "get", "--print-value-only"] + left)
        #expect(
            left.allSatisfy(identities.contains) && value.stdout.contains(set.servers[1].dataDir), "\(value.stdout)")
        writers.stop()
        #expect(writers.failures.withLock { $0 }.isEmpty, "\(writers.failures.withLock { $0.prefix(5) })")
        // The watch on B saw every create, in order, the last after A died.
        var seen: Set<String> = []
        let acknowledged = Set(writers.acknowledged.withLock { $0 })
        while !acknowledged.isSubset(of: seen), let chunk = try watch.readChunk() {
            for line in String(decoding: chunk, as: UTF8.self).split(separator: "\n") {
                let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if let name = ((event?["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String
                {
                    seen.insert(name)
                }
            }
        }
        #expect(acknowledged.isSubset(of: seen))
    }
}
