import Dispatch
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The Kubernetes API over the localhost port with a raw HTTP client: conventions, errors, watch, and
/// durability across SIGKILL; each against SQLite and against etcd.
@Suite("REST end to end")
struct RESTTests {
    struct Answer {
        var status: Int
        var json: [String: Any]
        var text: String
    }

    final class API {
        let client: RawClient
        init(_ port: Int) throws { client = try RawClient(port: port) }

        @discardableResult
        func call(_ method: String, _ path: String, _ body: String? = nil, contentType: String = "application/json")
            throws -> Answer
        {
            var head = "\(method) \(path) HTTP/1.1\r\nHost: x\r\n"
            if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n" }
            try client.send(head + "\r\n" + (body ?? ""))
            let r = try client.readResponse(head: method == "HEAD")
            let json = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
            return Answer(status: r.status, json: json, text: r.text)
        }
    }

    func meta(_ a: Answer) -> [String: Any] { a.json["metadata"] as? [String: Any] ?? [:] }

    @Test(arguments: StoreBackend.available)
    func crudAndServerOwnedMetadata(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let api = try API(s.port("localhost"))
        let created = try api.call(
            "POST", "/api/v1/namespaces/default/configmaps",
            #"{"metadata":{"name":"cm1","creationTimestamp":null,"labels":{"app":"web"}},"data":{"k":"v"}}"#)
        #expect(created.status == 201)
        #expect(created.json["kind"] as? String == "ConfigMap")  // a body without kind gets it
        #expect((meta(created)["uid"] as? String)?.count == 36)
        #expect(meta(created)["creationTimestamp"] is String)
        let rv = try #require(meta(created)["resourceVersion"] as? String)
        let got = try api.call("GET", "/api/v1/namespaces/default/configmaps/cm1")
        #expect(got.status == 200)
        #expect(meta(got)["resourceVersion"] as? String == rv)
        // Update with the version read, then with a stale one: 409 Conflict.
        let updated = try api.call(
            "PUT", "/api/v1/namespaces/default/configmaps/cm1",
            #"{"metadata":{"name":"cm1","resourceVersion":"\#(rv)","labels":{"app":"web"}},"data":{"k":"v2"}}"#)
        #expect(updated.status == 200)
        #expect((updated.json["data"] as? [String: String])?["k"] == "v2")
        #expect(meta(updated)["uid"] as? String == meta(created)["uid"] as? String)
        let stale = try api.call(
            "PUT", "/api/v1/namespaces/default/configmaps/cm1",
            #"{"metadata":{"name":"cm1","resourceVersion":"\#(rv)"},"data":{}}"#)
        #expect(stale.status == 409)
        #expect(stale.json["reason"] as? String == "Conflict")
        // List with a label selector; all-namespaces list.
        let listed = try api.call("GET", "/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb")
        #expect(listed.json["kind"] as? String == "ConfigMapList")
        #expect((listed.json["items"] as? [Any])?.count == 1)
        #expect((try api.call("GET", "/api/v1/configmaps?labelSelector=app%3Ddb").json["items"] as? [Any])?.count == 0)
        let deleted = try api.call("DELETE", "/api/v1/namespaces/default/configmaps/cm1")
        #expect(deleted.status == 200)
        #expect(try api.call("GET", "/api/v1/namespaces/default/configmaps/cm1").status == 404)
    }

    @Test(arguments: StoreBackend.available)
    func errorReasons(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let api = try API(s.port("localhost"))
        let missing = try api.call("GET", "/api/v1/namespaces/default/pods/nope")
        #expect(missing.status == 404)
        #expect(missing.json["message"] as? String == #"pods "nope" not found"#)
        _ = try api.call("POST", "/api/v1/namespaces/default/secrets", #"{"metadata":{"name":"s"}}"#)
        let dup = try api.call("POST", "/api/v1/namespaces/default/secrets", #"{"metadata":{"name":"s"}}"#)
        #expect(dup.status == 409)
        #expect(dup.json["reason"] as? String == "AlreadyExists")
        let invalid = try api.call("POST", "/api/v1/namespaces/default/secrets", #"{"metadata":{"name":"Not_Valid"}}"#)
        #expect(invalid.status == 422)
        #expect(invalid.json["reason"] as? String == "Invalid")
        #expect(
            ((invalid.json["details"] as? [String: Any])?["causes"] as? [[String: Any]])?.first?["field"] as? String
                == "metadata.name")
        let noNamespace = try api.call("POST", "/api/v1/namespaces/ghost/configmaps", #"{"metadata":{"name":"x"}}"#)
        #expect(noNamespace.status == 404)
        #expect(noNamespace.json["message"] as? String == #"namespaces "ghost" not found"#)
        let badJSON = try api.call("POST", "/api/v1/namespaces/default/configmaps", "{not json")
        #expect(badJSON.status == 400)
        #expect(badJSON.json["reason"] as? String == "BadRequest")
        let media = try api.call("POST", "/api/v1/namespaces/default/configmaps", "x: y", contentType: "text/csv")
        #expect(media.status == 415)
        #expect(media.json["reason"] as? String == "UnsupportedMediaType")
        let method = try api.call("PUT", "/api/v1/namespaces/default/configmaps", "{}")
        #expect(method.status == 405)
        #expect(method.json["reason"] as? String == "MethodNotAllowed")
        let wrongKind = try api.call(
            "POST", "/api/v1/namespaces/default/configmaps",
            #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}"#)
        #expect(wrongKind.status == 400)
    }

    @Test(arguments: StoreBackend.available)
    func generateNameAndNamespaceLifecycle(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let api = try API(s.port("localhost"))
        let generated = try api.call(
            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"generateName":"job-"}}"#)
        #expect(generated.status == 201)
        let name = try #require(meta(generated)["name"] as? String)
        #expect(name.hasPrefix("job-") && name.count == 9)
        #expect(try api.call("POST", "/api/v1/namespaces", #"{"metadata":{"name":"team"}}"#).status == 201)
        #expect(try api.call("POST", "/api/v1/namespaces/team/configmaps", #"{"metadata":{"name":"a"}}"#).status == 201)
        #expect(try api.call("POST", "/api/v1/namespaces/team/secrets", #"{"metadata":{"name":"b"}}"#).status == 201)
        let ns = try api.call("GET", "/api/v1/namespaces/team")
        #expect((ns.json["status"] as? [String: Any])?["phase"] as? String == "Active")
        #expect(try api.call("DELETE", "/api/v1/namespaces/team").status == 200)
        #expect(eventually { (try? api.call("GET", "/api/v1/namespaces/team").status) == 404 })
        #expect(try api.call("GET", "/api/v1/namespaces/team/configmaps/a").status == 404)
        #expect(try api.call("GET", "/api/v1/namespaces/team/secrets/b").status == 404)
        #expect(try api.call("GET", "/api/v1/namespaces/kube-system").status == 200)
    }

    @Test(arguments: StoreBackend.available)
    func podBindingAndStatus(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let api = try API(s.port("localhost"))
        #expect(
            try api.call(
                "POST", "/api/v1/namespaces/default/pods",
                #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}"#
            ).status == 201)
        let bound = try api.call(
            "POST", "/api/v1/namespaces/default/pods/p/binding",
            #"{"metadata":{"name":"p"},"target":{"kind":"Node","name":"node-1"}}"#)
        #expect(bound.status == 201)
        let pod = try api.call("GET", "/api/v1/namespaces/default/pods/p")
        #expect((pod.json["spec"] as? [String: Any])?["nodeName"] as? String == "node-1")
        let again = try api.call(
            "POST", "/api/v1/namespaces/default/pods/p/binding",
            #"{"metadata":{"name":"p"},"target":{"kind":"Node","name":"node-2"}}"#)
        #expect(again.status == 409)
        // A status update changes status only; a main-resource update leaves status alone.
        let status = try api.call(
            "PUT", "/api/v1/namespaces/default/pods/p/status",
            #"{"metadata":{"name":"p"},"spec":{"nodeName":"elsewhere"},"status":{"phase":"Running"}}"#)
        #expect(status.status == 200)
        #expect((status.json["status"] as? [String: Any])?["phase"] as? String == "Running")
        #expect((status.json["spec"] as? [String: Any])?["nodeName"] as? String == "node-1")
        let onMain = try api.call(
            "PUT", "/api/v1/namespaces/default/pods/p",
            #"{"metadata":{"name":"p"},"spec":{"nodeName":"node-1","containers":[{"name":"c","image":"nginx:2"}]},"status":{"phase":"Failed"}}"#
        )
        #expect((onMain.json["status"] as? [String: Any])?["phase"] as? String == "Running")
    }

    @Test(arguments: StoreBackend.available)
    func watchSeesAddedModifiedDeletedAndResumes(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let api = try API(s.port("localhost"))
        let first = try api.call("POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"before"}}"#)
        let rv = try #require(meta(first)["resourceVersion"] as? String)
        let watch = try RawClient(port: s.port("localhost"))
        try watch.send("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try watch.readResponseHead()
        #expect(head.status == 200)
        #expect(head.header("transfer-encoding") == "chunked")
        func nextEvent() throws -> (String, String) {
            let chunk = try #require(try watch.readChunk())
            let e = try #require(try JSONSerialization.jsonObject(with: Data(chunk)) as? [String: Any])
            let name = ((e["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String ?? ""
            return (e["type"] as? String ?? "", name)
        }
        #expect(try nextEvent() == ("ADDED", "before"))  // synthetic, for what exists
        _ = try api.call("POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"w"}}"#)
        #expect(try nextEvent() == ("ADDED", "w"))
        _ = try api.call(
            "PUT", "/api/v1/namespaces/default/configmaps/w", #"{"metadata":{"name":"w"},"data":{"a":"b"}}"#)
        #expect(try nextEvent() == ("MODIFIED", "w"))
        _ = try api.call("DELETE", "/api/v1/namespaces/default/configmaps/w")
        #expect(try nextEvent() == ("DELETED", "w"))
        // Resume from the first object's version: everything after it, in order.
        let resumed = try RawClient(port: s.port("localhost"))
        try resumed.send(
            "GET /api/v1/watch/namespaces/default/configmaps?resourceVersion=\(rv) HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try resumed.readResponseHead()
        var types: [String] = []
        for _ in 0..<3 {
            let chunk = try #require(try resumed.readChunk())
            types.append(
                (try JSONSerialization.jsonObject(with: Data(chunk)) as? [String: Any])?["type"] as? String ?? "")
        }
        #expect(types == ["ADDED", "MODIFIED", "DELETED"])
    }

    @Test(arguments: StoreBackend.available)
    func watchTimeoutEndsTheStream(_ store: StoreBackend) throws {
        let s = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let watch = try RawClient(port: s.port("localhost"))
        try watch.send("GET /api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try watch.readResponseHead()
        #expect(try watch.readChunk() == nil)  // the last chunk, after the timeout
    }

    @Test(arguments: StoreBackend.available)
    func acknowledgedWritesSurviveSIGKILL(_ store: StoreBackend) throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // the same etcd prefix after the restart
        let flags = ["--access-log=false", "--secure-port", "0"] + (try store.flags())
        let s = try ServerProcess.serve(flags, dataDir: dir)
        let port = s.port("localhost")
        final class Acknowledged: @unchecked Sendable {
            let lock = NSLock()
            var names: [String] = []
            func add(_ name: String) { lock.lock(); names.append(name); lock.unlock() }
            var all: [String] { lock.lock(); defer { lock.unlock() }; return names }
        }
        let acknowledged = Acknowledged()
        let group = DispatchGroup()
        for worker in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                guard let api = try? API(port) else { return }
                for i in 0..<10_000 {
                    let name = "w\(worker)-\(i)"
                    guard
                        let r = try? api.call(
                            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"\#(name)"}}"#),
                        r.status == 201
                    else { return }
                    acknowledged.add(name)
                }
            }
        }
        #expect(eventually { acknowledged.all.count >= 300 })
        s.signal(SIGKILL)
        group.wait()
        let acked = acknowledged.all
        let again = try ServerProcess.serve(flags, dataDir: dir)
        let api = try API(again.port("localhost"))
        let listed = try api.call("GET", "/api/v1/namespaces/default/configmaps")
        let stored = Set(
            ((listed.json["items"] as? [[String: Any]]) ?? []).compactMap {
                ($0["metadata"] as? [String: Any])?["name"] as? String
            })
        let lost = acked.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost after SIGKILL: \(lost.prefix(10))")
        #expect(acked.count >= 300)
    }
}
