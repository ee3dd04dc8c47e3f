import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// Shared helpers for the SecurePort*Tests files (the name only matches theirs): a served secure port
// and the real clients that talk to it (curl, openssl s_client, kubectl).

/// Whether the clients these tests drive are installed; prints a SKIP line when not.
func haveSecureClients(_ tools: String...) -> Bool {
    for tool in ["curl", "openssl"] + tools where which(tool) == nil {
        print("SKIP: \(tool) not installed")
        return false
    }
    return true
}

/// One HTTP answer as curl saw it.
struct Reply: CustomStringConvertible {
    var status: Int
    /// Lower-cased names.
    var headers: [String: String]
    var body: String

    /// The body as a Kubernetes Status object (or nil when it is not JSON).
    var statusObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }

    var description: String { "\(status) \(headers) \(body)" }
}

/// `kube-console serve` with its secure port, and helpers to reach it as a client would.
struct SecureServer {
    let process: ServerProcess

    init(_ flags: [String] = [], dataDir: String? = nil) throws {
        process = try ServerProcess.serve(flags, dataDir: dataDir)
    }

    /// A server started otherwise (one of several masters).
    init(process: ServerProcess) {
        self.process = process
    }

    var dataDir: String { process.dataDir }
    var port: Int { process.port("secure") }
    var url: String { "https://127.0.0.1:\(port)" }
    /// The generated CA that signed the serving certificate.
    var caFile: String { dataDir + "/pki/ca.crt" }
    var tokenFile: String { dataDir + "/tokens.csv" }
    var kubeconfig: String { dataDir + "/admin.kubeconfig" }

    /// user → token, read from the token file as it is on disk now.
    func tokens() throws -> [String: String] {
        try readTokenFile(tokenFile)
    }

    func token(_ user: String) throws -> String {
        guard let token = try tokens()[user] else { throw HarnessError("no token for \(user) in \(tokenFile)") }
        return token
    }

    /// One request with curl against the secure port, verifying the server with the generated CA.
    func curl(
        _ path: String, bearer: String? = nil, method: String = "GET", headers: [String] = [],
        extra: [String] = []
    ) throws -> Reply {
        var args = ["-sS", "-D", "-", "--cacert", caFile, "--max-time", "20"]
        if method != "GET" { args += ["-X", method] }
        if let bearer { args += ["-H", "Authorization: Bearer \(bearer)"] }
        for header in headers { args += ["-H", header] }
        let r = try runTool(which("curl")!, args + extra + [url + path])
        guard r.status == 0 else { throw HarnessError("curl \(path) failed (\(r.status)): \(r.stderr)") }
        return try parseReply(r.stdout)
    }

    /// /metrics from the localhost port.
    func metrics() throws -> String {
        let c = try RawClient(port: process.port("localhost"))
        try c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        return try c.readResponse().text
    }

    /// `kube_console_auth_failures_total{port="secure",reason=...}`, 0 when the series is absent.
    func authFailures(_ reason: String) throws -> Int {
        let prefix = #"kube_console_auth_failures_total{port="secure",reason="\#(reason)"} "#
        guard let line = try metrics().split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(line.dropFirst(prefix.count)) ?? -1
    }

    /// Waits until the auth-failure counter for `reason` reads `count`; true if it did.
    func expectAuthFailures(_ reason: String, _ count: Int) -> Bool {
        eventually(timeout: 5) { (try? authFailures(reason)) == count }
    }

    /// Sends SIGHUP and returns the server's "SIGHUP: ..." line about it (nil if none came).
    func sighup() -> String? {
        let before = sighupLines().count
        process.signal(SIGHUP)
        guard eventually(timeout: 10, { sighupLines().count > before }) else { return nil }
        return String(sighupLines()[before])
    }

    private func sighupLines() -> [Substring] {
        process.stderr.split(separator: "\n").filter { $0.contains("SIGHUP:") }
    }

    /// Runs `kube-console token rotate USER --data-dir <this data dir>`; returns the new token.
    func rotate(_ user: String, extra: [String] = []) throws -> String {
        let r = try ServerProcess.run(["token", "rotate", user, "--data-dir", dataDir] + extra)
        guard r.status == 0 else { throw HarnessError("token rotate \(user) failed (\(r.status)): \(r.stderr)") }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// user → token from a kube-apiserver token file (`token,user,uid[,"groups"]`).
func readTokenFile(_ path: String) throws -> [String: String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var out: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let fields = line.split(separator: ",", maxSplits: 2)
        if fields.count >= 2 { out[String(fields[1])] = String(fields[0]) }
    }
    return out
}

/// curl -D - output: the last header block (after any 1xx), then the body.
func parseReply(_ output: String) throws -> Reply {
    var rest = Substring(output)
    while true {
        guard let end = rest.range(of: "\r\n\r\n") else { throw HarnessError("no header block in: \(output)") }
        let head = rest[..<end.lowerBound]
        rest = rest[end.upperBound...]
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw HarnessError("bad status line: \(lines[0])") }
        if status / 100 == 1 { continue }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: String(rest))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The permission bits of a file (e.g. 0o600).
func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
}

/// Writes `text` to `path` (test fixtures: policies, password files).
func writeFile(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Runs the openssl CLI; throws with its stderr on failure.
@discardableResult
func openssl(_ args: [String], input: String? = nil) throws -> String {
    let r = try runTool(which("openssl")!, args, input: input)
    guard r.status == 0 else { throw HarnessError("openssl \(args.joined(separator: " ")) failed: \(r.stderr)") }
    return r.stdout
}

/// A long-lived `openssl s_client` connection fed through a pipe: requests can be written to it at any
/// time, and everything the server answers is collected. Used to hold one keep-alive TLS connection
/// open while other things happen to the port.
final class TLSSession: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var collected = ""

    init(port: Int, caFile: String) throws {
        // A write to the pipe of a client that died must fail, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: which("openssl")!)
        // -quiet implies -ign_eof: the connection stays open until the server closes it.
        process.arguments = [
            "s_client", "-quiet", "-connect", "127.0.0.1:\(port)", "-CAfile", caFile, "-verify_return_error",
        ]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self, !d.isEmpty else { return }
            self.lock.lock(); self.collected += String(decoding: d, as: UTF8.self); self.lock.unlock()
        }
        try process.run()
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return collected }

    func send(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// How many times `text` occurs in what the server sent so far.
    func count(_ text: String) -> Int { output.components(separatedBy: text).count - 1 }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            // SIGKILL: under the test runner, SIGTERM left s_client running until the server's idle timeout.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Certificates made with the openssl CLI for client-certificate tests: CAs, client certificates with
/// chosen subject and extended key usage, and already-expired ones (via `openssl ca` and explicit dates).
final class ClientPKI {
    let dir = makeTemporaryDirectory()

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// A self-signed CA: `<dir>/<name>.crt` and `.key`.
    func makeCA(_ name: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).crt", "-days", "2", "-subj", "/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// A key and CSR for `subject` (e.g. `/CN=alice/O=devs`): `<dir>/<name>.key`, `.csr`.
    func makeRequest(_ name: String, subject: String) throws {
        try openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr", "-subj", subject,
        ])
    }

    /// Signs `<name>.csr` with CA `ca` into `<name>.crt`, valid from now for a day.
    func sign(_ name: String, ca: String, extendedKeyUsage: String = "clientAuth") throws {
        try writeFile("extendedKeyUsage=\(extendedKeyUsage)\n", to: "\(dir)/\(name).ext")
        try openssl([
            "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/\(ca).crt", "-CAkey", "\(dir)/\(ca).key",
            "-set_serial", String(Int.random(in: 1..<Int(Int32.max))), "-days", "1",
            "-extfile", "\(dir)/\(name).ext", "-out", "\(dir)/\(name).crt",
        ])
    }

    /// Signs `<name>.csr` with CA `ca` into `<name>.crt`, valid only for a day in January 2020.
    func signExpired(_ name: String, ca: String) throws {
        let db = "\(dir)/\(ca)-db"
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        try writeFile("", to: "\(db)/index.txt")
        try writeFile("1000\n", to: "\(db)/serial")
        try writeFile(
            """
            [ca]
            default_ca = test
            [test]
            database = \(db)/index.txt
            new_certs_dir = \(db)
            serial = \(db)/serial
            default_md = sha256
            policy = anything
            unique_subject = no
            x509_extensions = client
            [anything]
            commonName = supplied
            organizationName = optional
            [client]
            extendedKeyUsage = clientAuth

            """, to: "\(db)/ca.cnf")
        try openssl([
            "ca", "-batch", "-config", "\(db)/ca.cnf", "-cert", "\(dir)/\(ca).crt", "-keyfile", "\(dir)/\(ca).key",
            "-in", "\(dir)/\(name).csr", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z",
            "-notext", "-out", "\(dir)/\(name).crt",
        ])
    }

    /// curl arguments presenting `<cert>.crt` with `<key>.key`.
    func curlArgs(cert: String, key: String? = nil) -> [String] {
        ["--cert", "\(dir)/\(cert).crt", "--key", "\(dir)/\(key ?? cert).key"]
    }

    func path(_ file: String) -> String { "\(dir)/\(file)" }
}

/// An ABAC `Policy` line in the v1beta1 form.
func policyLine(_ spec: String) -> String {
    #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{\#(spec)}}"#
}
