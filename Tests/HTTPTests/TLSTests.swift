import Foundation
import Testing
import TestSupport
@testable import HTTP

/// The TLS transport with real OpenSSL clients (curl, openssl s_client) and certificates made in the test.
@Suite("TLS transport")
struct TLSTests {
    final class Fixture {
        let dir: String
        let server: HTTPServer
        let bound: BoundListener
        var port: Int { bound.port }
        var cert: String { dir + "/server.crt" }

        init(
            connectionLimits: ConnectionLimits = ConnectionLimits(),
            newcomerBudget: NewcomerRation.Budget = .standard
        ) throws {
            server = HTTPServer(loopCount: 2, newcomerBudget: newcomerBudget)
            dir = NSTemporaryDirectory() + "kc-tls-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let r = try runTool(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", dir + "/server.key", "-out", dir + "/server.crt", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                ])
            guard r.status == 0 else { throw TLSError(message: r.stderr) }
            let tls = try TLSContext(
                certificateFile: dir + "/server.crt", privateKeyFile: dir + "/server.key", clientCAFile: nil)
            bound = try server.bind(
                ListenerConfiguration(
                    name: "secure", host: "127.0.0.1", port: 0, handler: TestHandler(),
                    connectionLimits: connectionLimits, transport: tls))
            try server.start()
        }

        func sClient(_ args: [String], input: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
            try runTool(
                "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", cert] + args, input: input)
        }

        deinit {
            server.shutdown(gracePeriod: .seconds(1))
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    static var haveOpenSSL: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    @Test func curlGetsAnAnswerOverTLS() throws {
        guard Self.haveOpenSSL, let curl = which("curl") else { print("SKIP: openssl or curl not installed"); return }
        let f = try Fixture()
        let base = "https://127.0.0.1:\(f.port)"
        let r = try runTool(curl, ["-sv", "--cacert", f.cert, "\(base)/peer", "\(base)/echo"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("secure 127.0.0.1"))
        #expect(
            r.stderr.contains("ALPN: server accepted http/1.1")
                || r.stderr.contains("ALPN, server accepted to use http/1.1"), "\(r.stderr)")
        #expect(r.stderr.contains("Re-using existing connection") || r.stderr.contains("Reusing existing connection"))
    }

    /// More handshakes at once than a loop runs in one turn (`NewcomerRation.Budget.standard`, 100 µs:
    /// a step; `.oneStep`, exactly one): those that wait for a later turn are not forgotten (edge-triggered,
    /// nothing would wake them), and all are answered.
    @Test(arguments: [NewcomerRation.Budget.standard, .oneStep])
    func aBurstOfHandshakesBeyondTheRationIsAllServed(newcomerBudget: NewcomerRation.Budget) throws {
        guard Self.haveOpenSSL, let curl = which("curl") else { print("SKIP: openssl or curl not installed"); return }
        let f = try Fixture(newcomerBudget: newcomerBudget)
        let count = 64
        let urls = (0..<count).map { "https://127.0.0.1:\(f.port)/peer?\($0)" }
        let r = try runTool(
            curl,
            [
                "-sS", "--cacert", f.cert, "--parallel", "--parallel-immediate", "--parallel-max", String(count),
                "-w", "%{http_code}\n", "--max-time", "20",
            ] + urls.flatMap { ["-o", "/dev/null", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n") == Array(repeating: "200", count: count), "\(r.stdout)")
    }

    @Test("TLS 1.2 and 1.3 accepted", arguments: ["-tls1_2", "-tls1_3"])
    func modernVersionsAccepted(flag: String) throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture()
        let r = try f.sClient(
            [flag, "-quiet", "-verify_return_error"],
            input: "GET /peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("HTTP/1.1 200 OK"))
    }

    @Test("TLS 1.0 and 1.1 refused", arguments: ["-tls1", "-tls1_1"])
    func oldVersionsRefused(flag: String) throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture()
        // SECLEVEL=0 lets the client offer the old version, so the refusal is the server's.
        let r = try f.sClient([flag, "-cipher", "DEFAULT:@SECLEVEL=0"], input: "")
        #expect(r.status != 0)
        #expect(!r.stdout.contains("BEGIN CERTIFICATE") || r.stderr.contains("alert"))
    }

    @Test func alpnChoosesHTTP11OverH2() throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture()
        let r = try f.sClient(["-alpn", "h2,http/1.1"], input: "")
        #expect(r.stdout.contains("ALPN protocol: http/1.1"), "\(r.stdout)")
    }

    @Test func sessionsResume() throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture()
        let session = f.dir + "/session.pem"
        let first = try f.sClient(["-tls1_2", "-sess_out", session], input: "")
        #expect(first.stdout.contains("New, TLSv1.2"), "\(first.stdout)")
        let second = try f.sClient(["-tls1_2", "-sess_in", session], input: "")
        #expect(second.stdout.contains("Reused, TLSv1.2"), "\(second.stdout)")
    }

    @Test func plainHTTPAndGarbageAreClosedAndDisturbNobody() throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture()
        let plain = try RawClient(port: f.port)
        try plain.send("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(plain.isClosedByPeer())
        let garbage = try RawClient(port: f.port)
        try garbage.send(Array(repeating: 0x16, count: 5) + Array(repeating: 0xFF, count: 100))
        #expect(garbage.isClosedByPeer())
        let r = try f.sClient(["-quiet"], input: "GET /peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(r.stdout.contains("HTTP/1.1 200 OK"))
        #expect(eventually { f.bound.openConnections == 0 })
    }

    @Test func halfOpenHandshakeTimesOut() throws {
        guard Self.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try Fixture(connectionLimits: ConnectionLimits(headerReadTimeout: .milliseconds(300)))
        let silent = try RawClient(port: f.port)
        #expect(silent.isClosedByPeer())
        #expect(eventually { f.bound.openConnections == 0 })
    }

    @Test func badCertificateFilesAreNamed() throws {
        let dir = NSTemporaryDirectory() + "kc-tls-bad-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "not a certificate".write(toFile: dir + "/bad.crt", atomically: true, encoding: .utf8)
        do {
            _ = try TLSContext(certificateFile: dir + "/bad.crt", privateKeyFile: dir + "/none.key", clientCAFile: nil)
            Issue.record("a garbage certificate was accepted")
        } catch {
            #expect(error.message.contains(dir + "/bad.crt"))
            #expect(error.message.contains("--tls-cert-file"))
        }
    }
}
