import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The real `kube-console` binary, started for a test: output captured, readiness awaited from its
/// "listening on" lines, stopped with a signal.
public final class ServerProcess: @unchecked Sendable {
    public let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    public let ports: [String: Int]

    /// The built binary: beside the test bundle in the build directory.
    public static var binary: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("kube-console")
    }

    /// Runs `kube-console <arguments>` and returns when it exits.
    public static func run(_ arguments: [String], timeout: Double = 30) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let p = ServerProcess(arguments: arguments)
        try p.start()
        guard p.waitForExit(timeout: timeout) else {
            p.process.terminate()
            throw NSError(
                domain: "ServerProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "did not exit: \(arguments)"])
        }
        return (p.process.terminationStatus, p.stdout, p.stderr)
    }

    /// Whether the data directory goes with this process object (not when the test passed its own).
    private let ownsDataDir: Bool

    /// `launcher`: a command that execs the binary with the arguments after its own (`prlimit --nofile=256:256`);
    /// the process keeps its id through the exec.
    public init(
        arguments: [String], ports: [String: Int] = [:], dataDir: String = "", ownsDataDir: Bool = true,
        launcher: [String] = []
    ) {
        self.ports = ports
        self.dataDir = dataDir
        self.ownsDataDir = ownsDataDir
        if let tool = launcher.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(launcher.dropFirst()) + [Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.standardInput = FileHandle.nullDevice
    }

    /// A fresh data directory for one server (removed with the process object).
    public let dataDir: String

    /// `serve` on fresh loopback ports (localhost, read-only, secure) and a fresh data directory, plus
    /// any extra flags.
    public static func serve(_ extra: [String] = [], dataDir: String? = nil, launcher: [String] = []) throws
        -> ServerProcess
    {
        let ports = ["localhost": freePort(), "read-only": freePort(), "secure": freePort()]
        let dir = dataDir ?? makeTemporaryDirectory()
        let p = ServerProcess(
            arguments: [
                "serve", "--port", String(ports["localhost"]!), "--read-only-port", String(ports["read-only"]!),
                "--secure-port", String(ports["secure"]!), "--data-dir", dir,
                "--public-address-override", "127.0.0.1",
            ] + extra, ports: ports,
            dataDir: dir, ownsDataDir: dataDir == nil, launcher: launcher)
        try p.start()
        guard p.waitForStderr("kube-console: serving v", timeout: 30) else {
            p.process.terminate()
            throw NSError(
                domain: "ServerProcess", code: 2,
                userInfo: [NSLocalizedDescriptionKey: "server did not start: \(p.stderr)"])
        }
        return p
    }

    public func start() throws {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self, !d.isEmpty else { return }
            self.lock.lock(); self.stdoutText += String(decoding: d, as: UTF8.self); self.lock.unlock()
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self, !d.isEmpty else { return }
            self.lock.lock(); self.stderrText += String(decoding: d, as: UTF8.self); self.lock.unlock()
        }
        try process.run()
    }

    public var stdout: String { lock.lock(); defer { lock.unlock() }; return stdoutText }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return stderrText }

    public func waitForStderr(_ text: String, timeout: Double = 10) -> Bool {
        eventually(timeout: timeout) { stderr.contains(text) || !process.isRunning } && stderr.contains(text)
    }

    public func waitForStdout(_ text: String, timeout: Double = 10) -> Bool {
        eventually(timeout: timeout) { stdout.contains(text) }
    }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    public func waitForExit(timeout: Double = 20) -> Bool {
        let ok = eventually(timeout: timeout) { !process.isRunning }
        if ok {
            // Let the pipes drain the last output.
            _ = eventually(timeout: 1) { false }
        }
        return ok
    }

    public func port(_ name: String) -> Int { ports[name]! }

    /// Stops the server if a test left it running.
    public func stop() {
        if process.isRunning {
            signal(SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit {
        stop()
        if ownsDataDir && !dataDir.isEmpty { try? FileManager.default.removeItem(atPath: dataDir) }
    }
}

/// A new empty directory under the system's temporary directory.
public func makeTemporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "kube-console-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs an external client (curl, openssl, kubectl) and returns its exit status and output. Both pipes are
/// drained at once (a child filling stderr while we wait on stdout would block), a read error is thrown
/// rather than trapped, and a child still running after `timeout` seconds (a hang guard, not a timing
/// assertion) is killed and reported.
public func runTool(_ path: String, _ arguments: [String], input: String? = nil, timeout: Double = 120) throws -> (
    status: Int32, stdout: String, stderr: String
) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input == nil ? FileHandle.nullDevice : inp
    try p.run()
    let exited = DispatchSemaphore(value: 0)
    let watchdog = DispatchQueue.global()
    let timedOut = Mutex(false)
    watchdog.async {
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut.withLock { $0 = true }
            kill(p.processIdentifier, SIGKILL)
        }
    }
    defer { exited.signal() }
    if let input {
        inp.fileHandleForWriting.write(Data(input.utf8))
        try? inp.fileHandleForWriting.close()
    }
    let errRead = Mutex<Result<Data, any Error>>(.success(Data()))
    let errDone = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        let result = Result { try err.fileHandleForReading.readToEnd() ?? Data() }
        errRead.withLock { $0 = result }
        errDone.signal()
    }
    let outData = try out.fileHandleForReading.readToEnd() ?? Data()
    errDone.wait()
    let errData = try errRead.withLock { try $0.get() }
    p.waitUntilExit()
    if timedOut.withLock({ $0 }) {
        throw NSError(
            domain: "runTool", code: Int(ETIMEDOUT),
            userInfo: [NSLocalizedDescriptionKey: "\(path) \(arguments.joined(separator: " ")) ran over \(timeout) s"])
    }
    return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Runs a command that may leave a daemon behind (`tmux new-session` starts a server) and waits for it.
/// Output goes to /dev/null, since a daemon inheriting a pipe would hold it open; and it is spawned and
/// reaped with posix_spawn/waitpid directly, not Foundation's Process, whose exit notification a
/// daemonizing child can confuse.
public func runQuietly(_ path: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> Int32
{
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let env = extra.map { strdup("\($0)=\($1)") }
    defer { for p in env { free(p) } }
    var envp: [UnsafeMutablePointer<CChar>?] = []
    var i = 0
    while let entry = environ[i] {
        envp.append(entry)
        i += 1
    }
    envp += env + [nil]
    let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard rc == 0 else {
        throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot run \(path)"])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xFF
}

/// The path of an installed tool, or nil (tests then skip that check and say so).
public func which(_ tool: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}
