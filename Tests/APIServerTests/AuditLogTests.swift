import Foundation
import KubeAPI
import Testing
import TestSupport
@testable import APIServer

@Suite("audit log: events, rotation, a bounded queue")
struct AuditLogTests {
    static func record(_ stage: AuditStage = .responseComplete) -> AuditRecord {
        let user = UserInfo(name: "alice", uid: "42", groups: ["dev", "system:authenticated"])
        let a = RequestAttributes.from(method: "GET", path: "/api/v1/namespaces/ns/pods/p", query: nil, user: user)
        return AuditRecord(
            level: .requestResponse, stage: stage, requestURI: "/api/v1/namespaces/ns/pods/p?x=1&y=<2>", verb: a.verb,
            user: user, remoteIP: "10.0.0.9", forwardedFor: "1.2.3.4, junk, 5.6.7.8", realIP: "1.2.3.4",
            userAgent: "kubectl/v1.32.0", objectRef: AuditObjectReference(a), code: 200,
            received: 1_764_554_584_123_456_789, stageTime: 1_764_554_584_124_000_000, decision: .allow)
    }

    @Test func anEventInKubeFieldOrderAndEscaping() {
        var encoder = AuditEventEncoder()
        var out: [UInt8] = []
        encoder.encode(Self.record(), auditID: Array(repeating: 0xAB, count: 16)[...], into: &out)
        let expected =
            #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"abababab-abab-4bab-abab-abababababab","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/ns/pods/p?x=1\u0026y=\u003c2\u003e","verb":"get","user":{"username":"alice","uid":"42","groups":["dev","system:authenticated"]},"sourceIPs":["1.2.3.4","5.6.7.8","10.0.0.9"],"userAgent":"kubectl/v1.32.0","objectRef":{"resource":"pods","namespace":"ns","name":"p","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2025-12-01T02:03:04.123456Z","stageTimestamp":"2025-12-01T02:03:04.124000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}"#
        #expect(String(decoding: out, as: UTF8.self) == expected + "\n")
    }

    @Test func anErrorCarriesItsStatusAndAnUnauthenticatedRequestNoUser() {
        var r = Self.record(.responseStarted)
        r.user = nil
        r.decision = nil
        r.code = 403
        r.statusBody =
            StatusError(
                code: 403, reason: "Forbidden", message: #"pods "p" is forbidden: <no>"#,
                details: (name: "p", group: "", kind: "pods")
            ).json
        var encoder = AuditEventEncoder()
        var out: [UInt8] = []
        encoder.encode(r, auditID: Array(repeating: 0, count: 16)[...], into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains(#""user":{},"sourceIPs""#))
        #expect(
            text.contains(
                #""responseStatus":{"metadata":{},"status":"Failure","message":"pods \"p\" is forbidden: \u003cno\u003e","reason":"Forbidden","details":{"name":"p","kind":"pods"},"code":403}"#
            ), "\(text)")
        #expect(!text.contains("annotations"))
    }

    /// A console operation's annotations follow the authorizer's, their keys sorted as Go writes a map;
    /// without an authorizer (the console socket) they stand alone, and without an address no sourceIPs.
    @Test func moreAnnotationsAreSortedAfterTheAuthorizersAndAnEventMayHaveNoAddress() {
        var r = Self.record()
        r.annotations = [
            (key: "console.kube-console.io/outcome", value: "done"),
            (key: "console.kube-console.io/operation", value: "rotate-token"),
        ]
        var encoder = AuditEventEncoder()
        var out: [UInt8] = []
        encoder.encode(r, auditID: Array(repeating: 0, count: 16)[...], into: &out)
        #expect(
            String(decoding: out, as: UTF8.self).hasSuffix(
                #""annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"","console.kube-console.io/operation":"rotate-token","console.kube-console.io/outcome":"done"}}"#
                    + "\n"))
        (r.decision, r.forwardedFor, r.realIP, r.remoteIP) = (nil, nil, nil, "")
        out = []
        encoder.encode(r, auditID: Array(repeating: 0, count: 16)[...], into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(
            text.hasSuffix(
                #""annotations":{"console.kube-console.io/operation":"rotate-token","console.kube-console.io/outcome":"done"}}"#
                    + "\n"), "\(text)")
        #expect(!text.contains("sourceIPs"))
        #expect((try? JSONParser.parse(Array(out.dropLast()))) != nil)
    }

    @Test func aCreateNamesItsObjectFromTheBodyButNeverWritesIt() {
        let user = UserInfo(name: "alice")
        let a = RequestAttributes.from(method: "POST", path: "/api/v1/namespaces/ns/secrets", query: nil, user: user)
        var r = Self.record()
        r.verb = a.verb
        r.objectRef = AuditObjectReference(a)
        r.requestObject = Array(#"{"metadata":{"name":"s1","uid":"u-1"},"data":{"password":"aHVudGVyMg=="}}"#.utf8)
        var encoder = AuditEventEncoder()
        var out: [UInt8] = []
        encoder.encode(r, auditID: Array(repeating: 0, count: 16)[...], into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(
            text.contains(
                #""objectRef":{"resource":"secrets","namespace":"ns","name":"s1","uid":"u-1","apiVersion":"v1"}"#),
            "\(text)")
        #expect(!text.contains("aHVudGVyMg") && !text.contains("password"))
    }

    @Test func rotationAtMaxSizeWithLumberjackNamesAndBackupsPruned() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try AuditLogFile(path: dir + "/audit.log", maxBytes: 1000, maxBackups: 2, maxAgeDays: 0)
        let line = Array(repeating: UInt8(ascii: "x"), count: 299) + [10]
        for _ in 0..<4 {
            // Ten lines a batch: 3,000 bytes, so the file rotates twice per batch, at line boundaries.
            let batch = Array((0..<10).map { _ in line }.joined())
            try file.write(batch, lineEnds: (1...10).map { $0 * 300 })
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names.count == 3, "\(names)")
        #expect(names.last == "audit.log")
        for name in names.dropLast() {
            #expect(
                name.range(of: #"^audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log$"#, options: .regularExpression)
                    != nil, "\(name)")
        }
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as! Int
            #expect(size <= 1000 && size % 300 == 0, "\(name): \(size) bytes")
            #expect(
                try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.posixPermissions] as? Int == 0o600)
        }
        #expect(
            AuditLogFile.backupName("/var/log/audit.log", nanos: 1_764_554_584_007_000_000)
                == "/var/log/audit-2025-12-01T02-03-04.007.log")
        #expect(AuditLogFile.backupName("audit", nanos: 0) == "audit-1970-01-01T00-00-00.000")
        #expect(AuditLogFile.parseStamp("2025-12-01T02-03-04.007") == 1_764_554_584)
    }

    @Test func aFullQueueDropsAndCountsRatherThanWaits() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The writer is not started: nothing drains the queue.
        let log = try AuditLog(
            settings: .init(path: dir + "/audit.log"), policy: .metadataForEverything, shards: 2, log: ServerLog())
        for i in 0..<(AuditLog.queueCapacity + 500) { log.record(Self.record(), shard: i) }
        #expect(log.counts.dropped == 500)
        log.stop()  // writes what was queued
        #expect(log.counts.written == AuditLog.queueCapacity)
        let lines = try String(contentsOfFile: dir + "/audit.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == AuditLog.queueCapacity)
        #expect(
            Set(lines.map { $0.split(separator: "\"auditID\":\"")[1].prefix(36) }).count == lines.count,
            "audit IDs repeat")
    }
}
