import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real etcd (Debian's etcd-server) for tests: its own free ports and fresh data directory, started and
/// awaited, killed (SIGKILL) and restarted on the same ports and data, removed with the object.
/// `EtcdProcess.shared` is one instance for a whole test run (each test then takes its own key prefix),
/// stopped when the process exits.
public final class EtcdProcess: @unchecked Sendable {
    /// Where Debian installs it; tests that need etcd skip (saying so) when it is absent.
    public static let binary = "/usr/bin/etcd"
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let clientPort: Int
    public let peerPort: Int
    public let directory: String
    public let tls: EtcdCertificates?
    /// The member's name and `--initial-cluster` (itself alone, or an `EtcdCluster`'s members).
    public let name: String
    let initialCluster: String
    private let lock = NSLock()
    private var process: Process?

    public var url: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(clientPort)" }

    /// Starts etcd and waits until it answers (an error if it does not within `timeout` seconds).
    public init(tls: Bool = false, timeout: Double = 20) throws {
        clientPort = freePort()
        peerPort = freePort()
        directory = makeTemporaryDirectory()
        self.tls = tls ? try EtcdCertificates(directory: directory + "/pki") : nil
        name = "default"
        initialCluster = "default=http://127.0.0.1:\(peerPort)"
        try start(timeout: timeout)
    }

    /// A member of a cluster, not started yet (`EtcdCluster` starts them together: none answers before
    /// a quorum is up).
    init(member name: String, clientPort: Int, peerPort: Int, initialCluster: String) {
        self.name = name
        self.clientPort = clientPort
        self.peerPort = peerPort
        self.initialCluster = initialCluster
        directory = makeTemporaryDirectory()
        tls = nil
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One etcd for the whole test run, started on first use.
    public static var shared: EtcdProcess {
        get throws {
            try sharedInstance.get()
        }
    }

    private static let sharedInstance: Result<EtcdProcess, any Error> = {
        let result = Result { try EtcdProcess() }
        atexit {
            guard let etcd = try? EtcdProcess.sharedInstance.get() else { return }
            etcd.kill()
            try? FileManager.default.removeItem(atPath: etcd.directory)  // statics never deinit
        }
        return result
    }()

    /// Starts (again) on the same ports and data directory, and waits until it answers.
    public func start(timeout: Double = 20) throws {
        let p = try launch()
        guard eventually(timeout: timeout, { !p.isRunning || isAnswering() }), p.isRunning else {
            kill()
            throw NSError(
                domain: "EtcdProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "etcd did not start: \(self.log)"]
            )
        }
    }

    /// Starts the process without waiting for it to answer.
    @discardableResult
    func launch() throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        let client = "\(tls == nil ? "http" : "https")://127.0.0.1:\(clientPort)", peer = "http://127.0.0.1:\(peerPort)"
        var arguments = [
            "--name", name, "--data-dir", directory + "/data", "--logger", "zap", "--log-level", "error",
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", initialCluster,
        ]
        if let tls {
            arguments += [
                "--cert-file", tls.serverCertificate, "--key-file", tls.serverKey,
                "--client-cert-auth", "--trusted-ca-file", tls.ca,
            ]
        }
        p.arguments = arguments
        if !FileManager.default.fileExists(atPath: directory + "/etcd.log") {
            _ = FileManager.default.createFile(atPath: directory + "/etcd.log", contents: nil)
        }
        let log = FileHandle(forWritingAtPath: directory + "/etcd.log")
        log?.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        try p.run()
        lock.lock(); process = p; lock.unlock()
        return p
    }

    /// SIGKILL, and waits for the process to be gone.
    public func kill() {
        lock.lock(); let p = process; process = nil; lock.unlock()
        guard let p, p.isRunning else { return }
        Glibc.kill(p.processIdentifier, SIGKILL)
        Glibc.kill(p.processIdentifier, SIGCONT)  // a stopped process dies only once continued
        p.waitUntilExit()
    }

    /// SIGSTOP (`false`) or SIGCONT (`true`): a member that hangs without closing its connections.
    public func setRunning(_ running: Bool) {
        lock.lock(); let p = process; lock.unlock()
        if let p { Glibc.kill(p.processIdentifier, running ? SIGCONT : SIGSTOP) }
    }

    public var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return process?.isRunning ?? false }

    public var log: String { (try? String(contentsOfFile: directory + "/etcd.log", encoding: .utf8)) ?? "" }

    /// Whether the client port answers: a TCP connect for TLS (the handshake needs a client certificate),
    /// GET /health otherwise.
    func isAnswering() -> Bool {
        guard let client = try? RawClient(port: clientPort, timeout: 1) else { return false }
        if tls != nil { return true }
        guard (try? client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) != nil,
            let response = try? client.readResponse()
        else { return false }
        return response.status == 200
    }

    /// Runs etcdctl against this etcd (with the client certificate under TLS).
    public func etcdctl(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        var flags = ["--endpoints", url]
        if let tls { flags += ["--cacert", tls.ca, "--cert", tls.clientCertificate, "--key", tls.clientKey] }
        return try runTool("/usr/bin/etcdctl", flags + arguments)
    }
}
