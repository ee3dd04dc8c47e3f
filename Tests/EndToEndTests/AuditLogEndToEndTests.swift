import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `--audit-log-path` on the real binary with curl as the client: the events kube-apiserver would write
/// for a create, a forbidden get and a 401; a policy that leaves a user out; rotation at
/// `--audit-log-maxsize`; and no credential anywhere in the file.
@Suite("audit log end to end")
struct AuditLogEndToEndTests {
    static let configmaps = "/api/v1/namespaces/default/configmaps"

    @Test func aCreateAForbiddenGetAndA401() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/audit.log"
        let server = try SecureServer(["--audit-log-path", path, "--access-log=false"])
        let admin = try server.token("admin"), proxy = try server.token("kube-proxy")
        let wrong = String(repeating: "7", count: 64)

        let created = try server.curl(
            Self.configmaps, bearer: admin, method: "POST", headers: ["Content-Type: application/json"],
            extra: ["--data", #"{"metadata":{"name":"audited"},"data":{"secret-value":"s3cr3t-v4lue"}}"#])
        #expect(created.status == 201)
        #expect(try server.curl("/api/v1/namespaces/default/pods/nginx", bearer: proxy).status == 403)
        #expect(try server.curl("/api/v1/namespaces/default/pods?limit=1", bearer: wrong).status == 401)

        var events: [[String: Any]] = []
        #expect(
            eventually(timeout: 10) {
                events = (try? Self.events(path)) ?? []
                return events.count >= 3
            }, "events: \(events)")
        guard events.count == 3 else { Issue.record("\(events.count) events: \(events)"); return }
        for e in events {
            #expect(
                e["kind"] as? String == "Event" && e["apiVersion"] as? String == "audit.k8s.io/v1"
                    && e["level"] as? String == "Metadata")
            #expect((e["auditID"] as? String)?.count == 36)
            #expect(e["sourceIPs"] as? [String] == ["127.0.0.1"])
            #expect((e["userAgent"] as? String)?.hasPrefix("curl/") == true)
            #expect(e["requestReceivedTimestamp"] is String && e["stageTimestamp"] is String)
        }
        let (create, forbidden, unauthorized) = (events[0], events[1], events[2])
        #expect(create["stage"] as? String == "ResponseComplete")
        #expect(create["verb"] as? String == "create")
        #expect((create["user"] as? [String: Any])?["username"] as? String == "admin")
        #expect(
            (create["user"] as? [String: Any])?["groups"] as? [String] == ["system:masters", "system:authenticated"])
        #expect(
            create["objectRef"] as? [String: String] == [
                "resource": "configmaps", "namespace": "default", "name": "audited", "apiVersion": "v1",
            ])
        #expect((create["responseStatus"] as? [String: Any])?["code"] as? Int == 201)
        #expect(
            create["annotations"] as? [String: String] == [
                "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "",
            ])

        #expect(forbidden["verb"] as? String == "get")
        #expect((forbidden["user"] as? [String: Any])?["username"] as? String == "kube-proxy")
        #expect(
            forbidden["objectRef"] as? [String: String] == [
                "resource": "pods", "namespace": "default", "name": "nginx", "apiVersion": "v1",
            ])
        let status = forbidden["responseStatus"] as? [String: Any]
        #expect(
            status?["code"] as? Int == 403 && status?["reason"] as? String == "Forbidden"
                && status?["status"] as? String == "Failure")
        #expect((status?["message"] as? String)?.contains(#"User "kube-proxy" cannot get resource "pods""#) == true)
        #expect((forbidden["annotations"] as? [String: String])?["authorization.k8s.io/decision"] == "forbid")

        // kube's failed-authentication audit: no user, stage ResponseStarted.
        #expect(unauthorized["stage"] as? String == "ResponseStarted")
        #expect(unauthorized["verb"] as? String == "list")
        #expect((unauthorized["user"] as? [String: Any])?.isEmpty == true)
        #expect(unauthorized["requestURI"] as? String == "/api/v1/namespaces/default/pods?limit=1")
        #expect((unauthorized["responseStatus"] as? [String: Any])?["code"] as? Int == 401)
        #expect(unauthorized["annotations"] == nil)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in [admin, proxy, wrong, "s3cr3t-v4lue", try server.token("viewer")] {
            #expect(!text.contains(secret), "a credential or a body is in the audit log")
        }
        #expect(try fileMode(path) == 0o600)
    }

    @Test func aPolicyLeavesAUserOutAndTheLogRotatesAtMaxSize() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let policy = dir + "/policy.yaml"
        try """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: None
          users: ["viewer"]
        - level: Metadata
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let log = dir + "/audit.log"
        let server = try SecureServer([
            "--audit-log-path", log, "--audit-policy-file", policy, "--audit-log-maxsize", "1",
            "--audit-log-maxbackup", "1", "--access-log=false",
        ])
        #expect(server.process.stderr.contains("audit log: \(log) (\(policy), 2 rules)"), "\(server.process.stderr)")
        #expect(try server.curl("/api/v1/namespaces", bearer: try server.token("viewer")).status == 200)
        #expect(
            try server.curl("/api/v1/namespaces/default/services", bearer: try server.token("kubelet")).status == 200)
        #expect(eventually(timeout: 10) { ((try? Self.events(log)) ?? []).count == 1 })
        let users = try Self.events(log).map { ($0["user"] as? [String: Any])?["username"] as? String }
        #expect(users == ["kubelet"], "the viewer must be left out")

        // Over 1 MB of events (about 350 bytes each) through the localhost port, keep-alive and pipelined.
        let client = try RawClient(port: server.process.port("localhost"))
        let batch = String(repeating: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", count: 100)
        for _ in 0..<40 {
            try client.send(batch)
            for _ in 0..<100 { #expect(try client.readResponse().status == 200) }
        }
        #expect(
            eventually(timeout: 20) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                return names.contains { $0.hasPrefix("audit-") && $0.hasSuffix(".log") }
            }, "no rotated file")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("audit") }
        #expect(names.count == 2, "--audit-log-maxbackup 1: \(names)")
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as? Int ?? 0
            #expect(size <= 1024 * 1024, "\(name): \(size) bytes")
        }
    }

    /// A console's operations are audited with who did them, which way, what and the outcome: on the
    /// socket the peer's Unix account and uid, on the secure port the authenticated user. Never a token.
    @Test func consoleOperationsAreAuditedWithWhoWhatAndTheOutcome() throws {
        guard haveSecureClients(), let curl = which("curl") else { return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/audit.log"
        let server = try SecureServer(["--audit-log-path", path, "--access-log=false"])
        let socket = server.dataDir + "/console.sock"
        let rotate = "http://localhost/debug/console/v1/tokens/rotate"
        func local(_ body: String) throws -> [String: Any] {
            let out = try runTool(curl, ["-s", "--unix-socket", socket, "-X", "POST", "-d", body, rotate]).stdout
            return (try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]) ?? [:]
        }
        let viewer = try #require(((try local(#"{"user":"viewer"}"#))["tokens"] as? [String: String])?["viewer"])
        #expect(try local(#"{"user":"mallory"}"#)["outcome"] as? String == "refused")
        let admin = try server.token("admin")
        let remote = try server.curl(
            "/debug/console/v1/tokens/rotate", bearer: admin, method: "POST", extra: ["--data", #"{"user":"kubelet"}"#])
        #expect(remote.status == 200 && remote.body.contains(#""outcome":"done""#), "\(remote)")
        let kubelet = try server.token("kubelet")

        var operations: [[String: Any]] = []
        #expect(
            eventually(timeout: 10) {
                operations = ((try? Self.events(path)) ?? []).filter {
                    ($0["annotations"] as? [String: String])?["console.kube-console.io/operation"] != nil
                }
                return operations.count >= 3
            }, "events: \(operations)")
        guard operations.count == 3 else { Issue.record("\(operations.count) operations: \(operations)"); return }
        for e in operations {
            #expect(e["requestURI"] as? String == "/debug/console/v1/tokens/rotate" && e["verb"] as? String == "post")
            #expect(e["stage"] as? String == "ResponseComplete" && e["level"] as? String == "Metadata")
            #expect((e["responseStatus"] as? [String: Any])?["code"] as? Int == 200)
        }
        let account = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid=\(getuid())"
        let (done, refused, byAdmin) = (operations[0], operations[1], operations[2])
        let who = done["user"] as? [String: Any]
        #expect(who?["username"] as? String == "unix:\(account)")
        #expect(who?["uid"] as? String == String(getuid()))
        #expect(who?["groups"] as? [String] == ["system:authenticated"])
        #expect(done["sourceIPs"] == nil, "the socket has no address")
        let doneNotes = done["annotations"] as? [String: String] ?? [:]
        #expect(doneNotes["console.kube-console.io/operation"] == "rotate-token")
        #expect(doneNotes["console.kube-console.io/user"] == "viewer")
        #expect(doneNotes["console.kube-console.io/outcome"] == "done")
        #expect(doneNotes["console.kube-console.io/channel"] == "local")
        #expect(
            doneNotes["console.kube-console.io/message"]?.hasPrefix("rotated the token of viewer (new fingerprint ")
                == true)
        #expect(doneNotes["authorization.k8s.io/decision"] == nil, "no authorizer on the socket")
        let refusedNotes = refused["annotations"] as? [String: String]
        #expect(refusedNotes?["console.kube-console.io/outcome"] == "refused")
        #expect(refusedNotes?["console.kube-console.io/message"] == #"no token for user "mallory" in the token file"#)
        #expect((byAdmin["user"] as? [String: Any])?["username"] as? String == "admin")
        #expect(byAdmin["sourceIPs"] as? [String] == ["127.0.0.1"])
        let adminNotes = byAdmin["annotations"] as? [String: String]
        #expect(adminNotes?["console.kube-console.io/channel"] == "remote")
        #expect(adminNotes?["console.kube-console.io/user"] == "kubelet")
        #expect(adminNotes?["authorization.k8s.io/decision"] == "allow")

        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in [viewer, admin, kubelet] { #expect(!text.contains(secret), "a token is in the audit log") }
    }

    /// The audit log's events, one JSON object per line.
    static func events(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw HarnessError("not a JSON object: \(line)")
            }
            return object
        }
    }
}
