import Foundation
import KubeAPI
import Testing
import TestSupport
@testable import APIServer
@testable import Storage

/// Masters that see each other: identity leases in etcd, followed by every master.
@Suite("Masters: identity leases")
struct MasterRegistryTests {
    static func identity(_ dataDir: String, ttl: Int64 = 2) -> MasterIdentity {
        let name = MasterIdentity.leaseName(hostname: "host-1", dataDir: dataDir)
        return MasterIdentity(
            name: name, holderIdentity: name + "_u", hostname: "host-1", dataDir: dataDir, pid: 42,
            version: "v1.32.0", startedAt: 1_764_556_800_000_000_000, leaseDurationSeconds: ttl)
    }

    @Test func leaseNamesAreKubesShapeAndStablePerMaster() {
        let a = MasterIdentity.leaseName(hostname: "host-1", dataDir: "/var/lib/a")
        #expect(a == MasterIdentity.leaseName(hostname: "host-1", dataDir: "/var/lib/a"))
        #expect(a != MasterIdentity.leaseName(hostname: "host-1", dataDir: "/var/lib/b"))
        #expect(a != MasterIdentity.leaseName(hostname: "host-2", dataDir: "/var/lib/a"))
        #expect(a.hasPrefix("apiserver-") && a.count == "apiserver-".count + 26)
        #expect(a.dropFirst("apiserver-".count).allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        // RFC 4648's test vectors, in lower case and without padding.
        #expect(
            ["", "f", "fo", "foo", "foob", "fooba", "foobar"].map { Base32.encode(Array($0.utf8)) }
                == ["", "my", "mzxq", "mzxw6", "mzxw6yq", "mzxw6ytb", "mzxw6ytboi"])
    }

    @Test func anIdentityRoundTripsAndRendersAsKubesIdentityLease() throws {
        var me = Self.identity("/d")
        me.ports = [.init(name: "secure", url: "https://127.0.0.1:6443")]
        #expect(MasterIdentity(json: me.json) == me)
        #expect(MasterIdentity(json: Array("{}".utf8)) == nil)
        let lease = me.leaseObject(renewTime: 1_764_556_800_123_456_789)
        #expect(lease["kind"]?.string == "Lease" && lease["apiVersion"]?.string == "coordination.k8s.io/v1")
        #expect(
            lease[["metadata", "namespace"]]?.string == "kube-system" && lease[["metadata", "name"]]?.string == me.name)
        #expect(lease[["metadata", "labels", "apiserver.kubernetes.io/identity"]]?.string == "kube-apiserver")
        #expect(lease[["metadata", "labels", "kubernetes.io/hostname"]]?.string == "host-1")
        #expect(lease[["spec", "holderIdentity"]]?.string == me.holderIdentity)
        #expect(lease[["spec", "leaseDurationSeconds"]]?.int == 2)
        #expect(lease[["spec", "renewTime"]]?.string == "2025-12-01T02:40:00.123456Z")
        // The collector reads renewTime back (MicroTime, or a plain time written by someone else).
        #expect(
            IdentityLeaseMirror.seconds("2025-12-01T02:40:00.123456Z").map { ($0 * 1000).rounded() }
                == 1_764_556_800_123)
        #expect(IdentityLeaseMirror.seconds("2025-12-01T02:40:00Z") == 1_764_556_800)
        #expect(IdentityLeaseMirror.seconds("yesterday") == nil)
    }

    /// Each master lists the other with its ports; one that stops leaves the list at once, one that dies
    /// (stops renewing without revoking) once its lease runs out.
    @Test(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
    func mastersListEachOtherAndDropOutWhenTheyStopOrDie() throws {
        let prefix = "/kube-console/registry-test-\(UUID().uuidString.prefix(8))/masters"
        func registry(_ dir: String) throws -> MasterRegistry {
            let space = try EtcdKeyspace.connect(
                EtcdStore.Options(endpoints: [try EtcdProcess.shared.url]), prefix: prefix)
            let r = MasterRegistry(keyspace: space, identity: Self.identity(dir))
            try r.follow()
            return r
        }
        let a = try registry("/a"), b = try registry("/b"), c = try registry("/c")
        defer { for r in [a, b, c] { r.leave() } }
        try a.announce(ports: [.init(name: "secure", url: "https://127.0.0.1:1")])
        try b.announce(ports: [.init(name: "secure", url: "https://127.0.0.1:2")])
        try c.announce(ports: [])
        let names = [a, b, c].map(\.me.name).sorted()
        #expect(eventually(timeout: 5) { [a, b, c].allSatisfy { $0.masters.map(\.name) == names } })
        #expect(a.masters.first { $0.name == b.me.name }?.port("secure")?.url == "https://127.0.0.1:2")

        b.leave()
        #expect(eventually(timeout: 2) { a.masters.count == 2 && c.masters.count == 2 })
        let died = Date()
        c.vanish()
        #expect(eventually(timeout: 10) { a.masters.map(\.name) == [a.me.name] })
        print("a master that died left the others' list after \(Date().timeIntervalSince(died)) s (TTL 2 s)")
        #expect(Date().timeIntervalSince(died) > 1, "a dead master stays listed until its lease runs out")
    }
}
