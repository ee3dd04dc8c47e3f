import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `serve --etcd-servers`: the real binary on a real etcd.
@Suite(.enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct EtcdServeTests {
    static func flags(
        _ etcd: EtcdProcess, prefix: String = "/e2e-\(UUID().uuidString.prefix(8))", compaction: String = "0s"
    ) -> [String] {
        [
            "--access-log=false", "--secure-port", "0", "--etcd-servers", etcd.url, "--etcd-prefix", prefix,
            "--etcd-compaction-interval", compaction,
        ]
    }

    func call(_ port: Int, _ method: String, _ path: String, _ body: String? = nil) throws -> RawClient.Response {
        let c = try RawClient(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: x\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        try c.send(head + "\r\n" + (body ?? ""))
        return try c.readResponse()
    }

    func json(_ r: RawClient.Response) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    }

    @Test func etcdUnreachableAtStartExitsOneNamingTheEndpointAndTheCause() throws {
        let url = "http://127.0.0.1:\(freePort())"
        let dataDir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let r = try ServerProcess.run([
            "serve", "--port", "0", "--read-only-port", "0", "--secure-port", "0",
            "--data-dir", dataDir, "--etcd-servers", url,
        ])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "cannot use etcd (--etcd-servers=\(url)): etcd is unreachable: \(url): Connection refused"),
            "\(r.stderr)")
        let bad = try ServerProcess.run(["serve", "--etcd-servers", "127.0.0.1:2379"])
        #expect(
            bad.status == 2 && bad.stderr.contains("invalid value \"127.0.0.1:2379\" for flag --etcd-servers"),
            "\(bad.stderr)")
    }

    /// Two masters on one etcd: a create on A is returned by a GET on B and seen by a watch on B.
    @Test func twoMastersServeTheSameObjects() throws {
        let etcd = try EtcdProcess.shared
        let prefix = "/e2e-\(UUID().uuidString.prefix(8))"
        let a = try ServerProcess.serve(Self.flags(etcd, prefix: prefix))
        let b = try ServerProcess.serve(Self.flags(etcd, prefix: prefix))
        let watch = try RawClient(port: b.port("localhost"))
        try watch.send("GET /api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try watch.readResponseHead().status == 200)
        let created = try call(
            a.port("localhost"), "POST", "/api/v1/namespaces/default/configmaps",
            #"{"metadata":{"name":"shared"},"data":{"k":"v"}}"#)
        #expect(created.status == 201)
        let chunk = try #require(try watch.readChunk())
        let event = try #require(try JSONSerialization.jsonObject(with: Data(chunk)) as? [String: Any])
        #expect(event["type"] as? String == "ADDED")
        let object = try #require(event["object"] as? [String: Any])
        #expect(
            (object["metadata"] as? [String: Any])?["uid"] as? String == (json(created)["metadata"] as? [String: Any])?[
                "uid"] as? String)
        let got = try call(b.port("localhost"), "GET", "/api/v1/namespaces/default/configmaps/shared")
        #expect(got.status == 200 && (json(got)["data"] as? [String: String]) == ["k": "v"])
        // Both made the system namespaces; one of them won each create, neither failed.
        let namespaces = try call(b.port("localhost"), "GET", "/api/v1/namespaces")
        #expect((json(namespaces)["items"] as? [Any])?.count == 4)
        let stored = try etcd.etcdctl(["get", "--print-value-only", "\(prefix)/configmaps/default/shared"])
        #expect(stored.stdout.contains(#""name":"shared""#) && !stored.stdout.contains("resourceVersion"))
    }

    /// etcd lost while serving: /readyz fails, reads go on from the cache, writes get 503 with a Status;
    /// etcd back: all recovers by itself.
    @Test func etcdLostWhileServing() throws {
        let etcd = try EtcdProcess()
        let s = try ServerProcess.serve(Self.flags(etcd))
        let port = s.port("localhost")
        #expect(
            try call(port, "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"before"}}"#).status
                == 201)
        #expect(try call(port, "GET", "/readyz").text == "ok")
        etcd.kill()
        #expect(eventually(timeout: 10) { (try? call(port, "GET", "/readyz").status) == 500 })
        #expect(try call(port, "GET", "/readyz").text.contains("[-]etcd failed: reason withheld\nreadyz check failed"))
        #expect(try call(port, "GET", "/api/v1/namespaces/default/configmaps/before").status == 200)
        let refused = try call(
            port, "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"during"}}"#)
        #expect(refused.status == 503)
        #expect(
            json(refused)["kind"] as? String == "Status" && json(refused)["reason"] as? String == "ServiceUnavailable")
        #expect((json(refused)["message"] as? String)?.contains("127.0.0.1:\(etcd.clientPort)") == true)
        try etcd.start()
        #expect(eventually(timeout: 15) { (try? call(port, "GET", "/readyz").text) == "ok" })
        #expect(
            eventually(timeout: 15) {
                (try? call(port, "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"after"}}"#)
                    .status) == 201
            })
        #expect(try call(port, "GET", "/api/v1/namespaces/default/configmaps/after").status == 200)
    }

    /// --etcd-compaction-interval: once etcd is compacted past a resourceVersion, an exact list at it is
    /// 410 Expired and a watch from it gets kube's ERROR event with the 410 Status.
    @Test func compactionMakesOldResourceVersionsExpire() throws {
        let etcd = try EtcdProcess()
        let s = try ServerProcess.serve(Self.flags(etcd, compaction: "1s"))
        let port = s.port("localhost")
        let first = try call(port, "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"a"}}"#)
        let rv = try #require((json(first)["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        #expect(
            try call(port, "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"b"}}"#).status == 201
        )
        let exact = "/api/v1/namespaces/default/configmaps?resourceVersion=\(rv)&resourceVersionMatch=Exact"
        #expect(eventually(timeout: 15) { (try? call(port, "GET", exact).status) == 410 })
        #expect(json(try call(port, "GET", exact))["reason"] as? String == "Expired")
        let watch = try RawClient(port: port)
        try watch.send(
            "GET /api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rv) HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try watch.readResponseHead()
        let chunk = try #require(try watch.readChunk())
        let event = try #require(try JSONSerialization.jsonObject(with: Data(chunk)) as? [String: Any])
        #expect(event["type"] as? String == "ERROR")
        #expect((event["object"] as? [String: Any])?["code"] as? Int == 410)
    }
}
