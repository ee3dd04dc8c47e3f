import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Several `serve` processes on one etcd, driven as an operator would: kubectl and curl on their secure
/// ports, `kube-console token rotate`, SIGHUP, etcdctl.
@Suite("masters on one etcd end to end", .enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct MultiMasterTests {
    /// kubectl through B sees what was applied through A, and A what was deleted through B.
    @Test func kubectlThroughOneMasterSeesWhatWasAppliedThroughAnother() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") else {
            print("SKIP: kubectl not installed"); return
        }
        let set = try MasterSet(2, etcd: [try EtcdProcess.shared.url])
        func kubectl(_ i: Int, _ args: String..., input: String? = nil) throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try runTool("/usr/bin/kubectl", ["--kubeconfig", set[i].kubeconfig] + args, input: input)
        }
        let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  color: blue\n"
        let applied = try kubectl(0, "apply", "-f", "-", input: manifest)
        #expect(applied.status == 0, "\(applied.stderr)")
        let got = try kubectl(1, "get", "configmap", "shared", "-o", "jsonpath={.data.color}")
        #expect(got.status == 0 && got.stdout == "blue", "\(got.stderr)")
        #expect(try kubectl(1, "delete", "configmap", "shared").status == 0)
        #expect(
            eventually(timeout: 5) {
                (try? kubectl(0, "get", "configmap", "shared"))?.stderr.contains("NotFound") == true
            })
        #expect(
            set.servers[1].stderr.contains("tokens: etcd (/kube-console\(set.prefix)/credentials)"),
            "\(set.servers[1].stderr)")
    }

    /// A token rotated on A (`kube-console token rotate` and SIGHUP, or straight into etcd with the etcd
    /// flags) is refused on B within a second (the figures are printed); the new one works on B.
    @Test func aTokenRotatedOnOneMasterIsRefusedOnTheOther() throws {
        guard haveSecureClients() else { return }
        let set = try MasterSet(2, etcd: [try EtcdProcess.shared.url])
        let (a, b) = (set[0], set[1])
        let old = try a.token("viewer")
        #expect(try b.curl("/api/v1/namespaces/default/pods", bearer: old).status == 200)

        let new = try a.rotate("viewer")
        #expect(a.sighup()?.contains("tokens reloaded: 4 users") == true)
        // The issue's bound: in force on every master within a second of A's reload (seen here in ~0.1 s,
        // most of it curl starting; the wait goes on longer, so a miss says by how much).
        let reloaded = ContinuousClock.now
        #expect(eventually(timeout: 5) { (try? b.curl("/version", bearer: old).status) == 401 })
        let refusedAfter = ContinuousClock.now - reloaded
        print("token rotated on A (file + SIGHUP) → 401 on B after \(refusedAfter)")
        #expect(refusedAfter < .seconds(1), "the old token was still accepted on B \(refusedAfter) after the rotation")
        #expect(try b.curl("/version", bearer: new).status == 200)
        #expect(b.expectAuthFailures("revoked token", 1))

        // With the etcd flags the command commits to etcd itself: no SIGHUP anywhere.
        let kubelet = try a.token("kubelet")
        let fresh = try a.rotate("kubelet", extra: ["--etcd-servers", set.endpoints[0], "--etcd-prefix", set.prefix])
        let started = ContinuousClock.now
        #expect(eventually(timeout: 5) { (try? b.curl("/version", bearer: kubelet).status) == 401 })
        print(
            "token rotated into etcd by the command (once it exited) → 401 on B after \(ContinuousClock.now - started)")
        #expect(try a.curl("/version", bearer: kubelet).status == 401)
        #expect(try b.curl("/version", bearer: fresh).status == 200 && a.curl("/version", bearer: fresh).status == 200)
        #expect(try b.tokens()["kubelet"] == kubelet, "B's token file is B's own")
    }

    /// A policy reloaded on A decides on B; a broken one is refused on A and B keeps deciding with the one
    /// in force.
    @Test func aPolicyReloadedOnOneMasterDecidesOnTheOtherAndABrokenOneNowhere() throws {
        guard haveSecureClients() else { return }
        let set = try MasterSet(2, etcd: [try EtcdProcess.shared.url])
        let (a, b) = (set[0], set[1])
        let viewer = try a.token("viewer")
        #expect(try b.curl("/api/v1/namespaces/default/pods", bearer: viewer).status == 200)

        let policy = a.dataDir + "/policy.jsonl"
        let withoutViewer =
            try String(contentsOfFile: policy, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains(#""user":"viewer""#) }.joined(separator: "\n") + "\n"
        try withoutViewer.write(toFile: policy, atomically: true, encoding: .utf8)
        let sent = ContinuousClock.now
        #expect(a.sighup()?.contains("policy reloaded:") == true)
        #expect(
            eventually(timeout: 5) { (try? b.curl("/api/v1/namespaces/default/pods", bearer: viewer).status) == 403 })
        print("policy reloaded on A → deciding on B after \(ContinuousClock.now - sent)")

        let inEtcd = "/kube-console\(set.prefix)/credentials/policy"
        func committed() throws -> Int? {  // the policy key's mod_revision (etcdctl's JSON has it as a number)
            let out = try runTool("/usr/bin/etcdctl", ["--endpoints", set.endpoints[0], "get", "-w", "json", inEtcd])
            let answer = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
            return ((answer?["kvs"] as? [[String: Any]])?.first?["mod_revision"] as? NSNumber)?.intValue
        }
        let before = try #require(try committed())
        try (withoutViewer + #"{"user":"viewer","readonly":true"# + "\n").write(
            toFile: policy, atomically: true, encoding: .utf8)
        let brokenLine = withoutViewer.split(separator: "\n").count + 1
        let line = a.sighup()
        #expect(line?.contains("policy refused: \(policy):\(brokenLine): ") == true, "\(String(describing: line))")
        #expect(try committed() == before, "nothing is committed to etcd")
        for master in [a, b] {
            #expect(try master.curl("/api/v1/namespaces/default/pods", bearer: viewer).status == 403)
            #expect(try master.curl("/api/v1/namespaces/default/pods", bearer: try a.token("admin")).status == 200)
        }
    }

    /// Each master keeps an identity key under its lease, and kube's identity Lease in kube-system: a
    /// master killed drops out when its lease runs out (--identity-lease-duration 2s; its Lease object is
    /// then collected by the survivor), one stopped drops out at once.
    @Test func identityLeasesAppearAndExpire() throws {
        let set = try MasterSet(
            2, etcd: [try EtcdProcess.shared.url], extra: ["--secure-port", "0", "--identity-lease-duration", "2s"])
        #expect(eventually(timeout: 5) { (try? set.masterKeys().count) == 2 })
        let value = try runTool(
            "/usr/bin/etcdctl", ["--endpoints", set.endpoints[0], "get", "--print-value-only", try set.masterKeys()[0]]
        ).stdout
        #expect(
            value.contains(#""leaseDurationSeconds":2"#)
                && value.contains(#""name":"localhost","url":"http://127.0.0.1:"#), "\(value)")
        func leases() -> [[String: Any]] {
            let path =
                "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?labelSelector=apiserver.kubernetes.io%2Fidentity%3Dkube-apiserver"
            guard let r = try? set.call(1, "GET", path), r.status == 200,
                let list = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
            else { return [] }
            return list["items"] as? [[String: Any]] ?? []
        }
        #expect(eventually(timeout: 5) { leases().count == 2 })
        let names = Set(try set.masterKeys().map { String($0.split(separator: "/").last!) })
        #expect(Set(leases().compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }) == names)
        let spec = try #require(leases().first?["spec"] as? [String: Any])
        #expect(
            (spec["holderIdentity"] as? String)?.hasPrefix("apiserver-") == true
                && spec["leaseDurationSeconds"] as? Int == 2)
        #expect((spec["renewTime"] as? String)?.hasSuffix("Z") == true)

        set.servers[0].signal(SIGKILL)
        let killed = Date()
        #expect(eventually(timeout: 10) { (try? set.masterKeys().count) == 1 })
        print("a killed master's identity expired after \(Date().timeIntervalSince(killed)) s (lease 2 s)")
        #expect(eventually(timeout: 10) { leases().count == 1 }, "the survivor collects the dead master's Lease")
        set.servers[1].signal(SIGTERM)
        #expect(set.servers[1].waitForExit(timeout: 15))
        #expect(try set.masterKeys().isEmpty, "a master that stops revokes its lease")
        let objects = try runTool(
            "/usr/bin/etcdctl",
            ["--endpoints", set.endpoints[0], "get", "--prefix", "--keys-only", "\(set.prefix)/leases/"])
        #expect(
            objects.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "and deletes its Lease: \(objects.stdout)")
    }
}
