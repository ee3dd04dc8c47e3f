import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer

/// The audit filter keeps a connection's last encoded request part (`AuditRequestMemo`): a repeated
/// request must be written exactly as a fresh one would be, and anything that changes the event part (the
/// target, the user, User-Agent, X-Forwarded-For) must not take the memo's bytes.
@Suite("audit log: a connection's memo of the encoded request")
struct AuditRequestMemoTests {
    struct Answer: APIHandler {
        /// Answers from another thread (as after a store write) instead of inline, on the loop.
        var elsewhere = false
        func handle(_ exchange: Exchange) {
            guard elsewhere else { return exchange.respond(.text(.ok, "ok")) }
            let answered = DispatchSemaphore(value: 0)
            Thread {
                exchange.respond(.text(.ok, "ok"))
                answered.signal()
            }.start()
            _ = answered.wait(timeout: .now() + 10)
        }
    }

    @Test func aRepeatedRequestIsWrittenAsAFreshOneAndAChangedOneAsItIs() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try AuditLog(
            settings: .init(path: dir + "/audit.log"), policy: .metadataForEverything, shards: 1, log: ServerLog())
        let filter = AuditFilter(log: log, portUser: nil)
        let connection = ConnectionInfo(listenerName: "secure", peerHost: "10.0.0.9", peerPort: 1, isSecure: true)
        let alice = UserInfo(name: "alice", groups: ["dev"])
        let bob = UserInfo(name: "bob", groups: ["ops"])
        func send(_ target: String, _ user: UserInfo, _ headers: [(String, String)], elsewhere: Bool = false) {
            let exchange = Exchange(
                request: HTTPRequest(method: "GET", target: target, headers: HTTPHeaders(headers)),
                context: RequestContext(connection: connection, receivedAt: monotonicNanoseconds()), port: .secure,
                responder: RecordingResponder())
            exchange.user = user
            filter.handle(exchange, next: Answer(elsewhere: elsewhere))
        }
        let pod = "/api/v1/namespaces/ns/pods/p"
        send(pod, alice, [("user-agent", "a")])
        send(pod, alice, [("user-agent", "a")])
        send(pod, alice, [("User-Agent", "b")])
        send(pod, alice, [("user-agent", "b"), ("x-forwarded-for", "1.2.3.4")])
        send(pod, bob, [("user-agent", "b"), ("x-forwarded-for", "1.2.3.4")])
        send("/api/v1/namespaces/ns/pods/q", bob, [("user-agent", "b"), ("x-forwarded-for", "1.2.3.4")])
        send(pod, alice, [("user-agent", "c")], elsewhere: true)
        #expect(ConnectionMemo.of(connection).audit?.headers.userAgent == "b", "the memo keeps the last loop request")
        log.stop()

        let lines = try String(contentsOfFile: dir + "/audit.log", encoding: .utf8).split(separator: "\n").map(
            String.init)
        try #require(lines.count == 7)
        /// The event part the memo stands for: from requestURI to objectRef.
        func part(_ line: String) -> String {
            String(
                line[line.range(of: #""requestURI""#)!.lowerBound..<line.range(of: #","responseStatus""#)!.lowerBound])
        }
        let aliceA =
            #""requestURI":"/api/v1/namespaces/ns/pods/p","verb":"get","user":{"username":"alice","groups":["dev"]},"sourceIPs":["10.0.0.9"],"userAgent":"a","objectRef":{"resource":"pods","namespace":"ns","name":"p","apiVersion":"v1"}"#
        #expect(part(lines[0]) == aliceA)
        #expect(part(lines[1]) == aliceA)
        #expect(part(lines[2]) == aliceA.replacingOccurrences(of: #""userAgent":"a""#, with: #""userAgent":"b""#))
        #expect(part(lines[3]).contains(#""sourceIPs":["1.2.3.4","10.0.0.9"],"userAgent":"b""#))
        #expect(
            part(lines[4]).contains(#""user":{"username":"bob","groups":["ops"]},"sourceIPs":["1.2.3.4","10.0.0.9"]"#))
        #expect(part(lines[5]).contains(#""requestURI":"/api/v1/namespaces/ns/pods/q""#))
        #expect(part(lines[5]).contains(#""name":"q""#))
        #expect(part(lines[6]) == aliceA.replacingOccurrences(of: #""userAgent":"a""#, with: #""userAgent":"c""#))
        #expect(Set(lines.map { $0.split(separator: "\"auditID\":\"")[1].prefix(36) }).count == 7, "audit IDs repeat")
    }
}
