import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The secure port's TLS as real clients see it: protocol versions, ciphers, the generated certificates,
/// robustness against non-TLS bytes, startup with bad certificate files, first-run files, kubectl.
@Suite("secure port: TLS end to end")
struct SecurePortTLSTests {
    /// `openssl s_client` against the server, trusting its generated CA.
    static func sClient(_ server: SecureServer, _ args: [String], input: String = "") throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try runTool(
            which("openssl")!, ["s_client", "-connect", "127.0.0.1:\(server.port)", "-CAfile", server.caFile] + args,
            input: input)
    }

    @Test("TLS 1.0 and 1.1 are refused with a protocol_version alert", arguments: ["-tls1", "-tls1_1"])
    func oldVersionsRefused(flag: String) throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        // SECLEVEL=0 lets the client offer the old version, so the refusal is the server's.
        let r = try Self.sClient(server, [flag, "-cipher", "DEFAULT:@SECLEVEL=0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("alert protocol version"), "\(r.stderr)")
        #expect(r.stdout.contains("no peer certificate available"), "\(r.stdout)")
        #expect(r.stdout.contains("Cipher is (NONE)"))
    }

    @Test(
        "TLS 1.2 and 1.3 are accepted, verified against the generated CA for 127.0.0.1",
        arguments: ["-tls1_2", "-tls1_3"])
    func modernVersionsAccepted(flag: String) throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let token = try server.token("viewer")
        let r = try Self.sClient(
            server, [flag, "-verify_return_error", "-verify_ip", "127.0.0.1", "-ign_eof", "-alpn", "h2,http/1.1"],
            input: "GET /version HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Verify return code: 0 (ok)"))
        #expect(r.stdout.contains("ALPN protocol: http/1.1"), "\(r.stdout)")
        #expect(r.stdout.contains("HTTP/1.1 200 OK"))
        #expect(r.stdout.contains(#""gitVersion": "v1.32.0+kube-console."#))
        if flag == "-tls1_2" {
            // Forward secret and AEAD only.
            let cipher = r.stdout.split(separator: "\n").first { $0.hasPrefix("New, TLSv1.2, Cipher is ") }
            #expect(
                cipher.map { $0.contains("ECDHE-") && ($0.contains("GCM") || $0.contains("CHACHA20")) } == true,
                "\(String(describing: cipher))")
        } else {
            // The server's preference, as Go's crypto/tls (kube-apiserver) has it: AES-128-GCM, though
            // openssl's client lists AES-256-GCM first.
            #expect(r.stdout.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), "\(r.stdout)")
        }
    }

    @Test func tls12WithoutForwardSecrecyOrAEADIsRefused() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        for cipher in ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384"] {
            let r = try Self.sClient(server, ["-tls1_2", "-cipher", cipher + ":@SECLEVEL=0"])
            #expect(r.status != 0, "\(cipher)")
            #expect(r.stderr.contains("alert handshake failure"), "\(cipher): \(r.stderr)")
        }
    }

    @Test func plainHTTPAndGarbageLeaveAnOpenTLSConnectionUnaffected() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let token = try server.token("viewer")
        let request = "GET /version HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"

        // A keep-alive TLS connection, opened first and used once.
        let session = try TLSSession(port: server.port, caFile: server.caFile)
        try session.send(request)
        #expect(eventually { session.count("HTTP/1.1 200 OK") == 1 }, "\(session.output)")

        // Plain HTTP, TLS-looking garbage, raw garbage and a truncated ClientHello on the same port.
        let plain = try RawClient(port: server.port)
        try plain.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(plain.isClosedByPeer())
        // A handshake record holding no ClientHello: a TLS alert (content type 21), then the close.
        let tlsGarbage = try RawClient(port: server.port)
        try tlsGarbage.send([0x16, 0x03, 0x01, 0x00, 0x40] + Array(repeating: 0xFF, count: 64))
        let alert = try tlsGarbage.readToEnd()
        #expect(alert.first == 0x15, "\(alert)")
        let garbage = try RawClient(port: server.port)
        try garbage.send(Array(repeating: 0x00, count: 4096))
        #expect(garbage.isClosedByPeer())

        // The open connection still answers, on the same connection.
        try session.send(request)
        #expect(eventually { session.count("HTTP/1.1 200 OK") == 2 }, "\(session.output)")
        #expect(session.process.isRunning)
        // And the bad connections are gone: only the session is open on the secure port.
        #expect(
            eventually { (try? server.metrics())?.contains(#"kube_console_open_connections{port="secure"} 1"#) == true }
        )
        // New clients are served as well.
        #expect(try server.curl("/version", bearer: token).status == 200)
    }

    @Test func aMismatchedCertificateAndKeyRefuseStartupNamingTheFile() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a", "b"] {
            try openssl([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "\(dir)/\(name).key",
                "-out", "\(dir)/\(name).crt", "-days", "1", "-subj", "/CN=localhost",
            ])
        }
        try writeFile("not a certificate\n", to: "\(dir)/garbage.crt")
        let cases: [(cert: String, key: String, named: String, flag: String)] = [
            ("\(dir)/a.crt", "\(dir)/b.key", "\(dir)/b.key", "--tls-private-key-file"),
            ("\(dir)/garbage.crt", "\(dir)/a.key", "\(dir)/garbage.crt", "--tls-cert-file"),
            ("\(dir)/a.crt", "\(dir)/missing.key", "\(dir)/missing.key", "--tls-private-key-file"),
        ]
        for c in cases {
            let r = try ServerProcess.run(
                [
                    "serve", "--port", "0", "--read-only-port", "0", "--secure-port", String(freePort()),
                    "--data-dir", dir + "/data", "--public-address-override", "127.0.0.1",
                    "--tls-cert-file", c.cert, "--tls-private-key-file", c.key,
                ], timeout: 20)
            #expect(r.status != 0, "\(c)")
            #expect(r.stderr.contains(c.named), "\(c): \(r.stderr)")
            #expect(r.stderr.contains(c.flag), "\(c): \(r.stderr)")
            #expect(!r.stderr.contains("serving"), "\(r.stderr)")
        }
    }

    @Test func firstRunFilesHoldingSecretsAreOwnerOnly() throws {
        let server = try SecureServer()
        for file in ["tokens.csv", "admin.kubeconfig", "pki/ca.key", "pki/apiserver.key"] {
            #expect(try fileMode(server.dataDir + "/" + file) == 0o600, "\(file)")
        }
        // The certificates are public; the server printed where everything is.
        #expect(FileManager.default.fileExists(atPath: server.caFile))
        #expect(server.process.stderr.contains(server.tokenFile))
        #expect(server.process.stderr.contains(server.kubeconfig))
    }

    @Test func kubectlWorksAtOnceWithTheAdminKubeconfig() throws {
        guard let kubectl = which("kubectl") else { print("SKIP: kubectl not installed"); return }
        let server = try SecureServer()
        let kubeconfig = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        #expect(kubeconfig.contains("server: \(server.url)"), "\(kubeconfig)")
        #expect(kubeconfig.contains("token: \(try server.token("admin"))"))
        let r = try runTool(kubectl, ["--kubeconfig", server.kubeconfig, "get", "--raw", "/version"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""gitVersion": "v1.32.0+kube-console."#), "\(r.stdout)")
        #expect(server.process.waitForStdout(#"admin "GET /version" 200"#))
    }
}
