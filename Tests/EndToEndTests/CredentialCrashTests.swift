import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The token file and admin.kubeconfig survive SIGKILL at any point: 100 rotations (`kube-console token
/// rotate admin`, killed at a random moment of its run) and token and policy reloads (SIGHUP, the server
/// killed at a random moment after it) leave each file either as it was or as the complete new version,
/// never torn or empty, and a restarted server serves the admin's kubeconfig.
@Suite("credential files survive SIGKILL")
struct CredentialCrashTests {
    static let rotations = 100
    /// Every this many rotations the server is killed during a reload and restarted.
    static let restartEvery = 10

    @Test func rotationsAndReloadsKilledAtRandomLeaveOldOrNewFiles() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var server = try SecureServer(["--access-log=false"], dataDir: dir)
        var files = CredentialFiles(dir: dir, url: server.url)
        try files.check()
        var generator = SystemRandomNumberGenerator()

        // How long an undisturbed rotation takes (the median of three) starts the window the kills land in.
        // Process.waitUntilExit notices an exit on its run loop's 50 ms ticks, so that figure can be well
        // past the run's real end: the window follows what happens instead, narrower after a rotation
        // that finished before its kill and wider after one that did not, which keeps most kills inside
        // the run however fast the machine is at the moment.
        var durations: [Double] = []
        for _ in 0..<3 {
            let cli = ServerProcess(arguments: ["token", "rotate", "admin", "--data-dir", dir])
            let started = monotonicSeconds()
            try cli.start()
            cli.process.waitUntilExit()
            durations.append(monotonicSeconds() - started)
            #expect(cli.process.terminationStatus == 0)
            try files.check()
        }
        let rotation = durations.sorted()[1]
        var window = rotation * 1.2
        var killedDuringWrites = 0

        for i in 1...Self.rotations {
            let cli = ServerProcess(arguments: ["token", "rotate", "admin", "--data-dir", dir])
            try cli.start()
            usleep(UInt32.random(in: 0...UInt32(window * 1e6), using: &generator))
            kill(cli.process.processIdentifier, SIGKILL)
            cli.process.waitUntilExit()
            if cli.process.terminationReason == .uncaughtSignal {
                killedDuringWrites += 1
                window *= 1.05
            } else {
                window = max(window * 0.8, 0.001)
            }
            try files.check()

            if i % Self.restartEvery == 0 {
                // A reload (tokens, policy, admin.kubeconfig rewritten), the server killed somewhere in it.
                server.process.signal(SIGHUP)
                usleep(UInt32.random(in: 0...30_000, using: &generator))
                server.process.signal(SIGKILL)
                server.process.process.waitUntilExit()
                try files.check()
                server = try SecureServer(["--access-log=false"], dataDir: dir)
                files.urls.insert(server.url)
                try files.check()
                let token = try files.kubeconfigToken()
                let reply = try server.curl("/version", bearer: token)
                #expect(
                    reply.status == 200,
                    "after restart \(i / Self.restartEvery): the kubeconfig's token is refused: \(reply)")
            }
        }
        print(
            "\(Self.rotations) rotations (\(killedDuringWrites) killed before they finished, an undisturbed one takes \(Int(rotation * 1000)) ms), \(Self.rotations / Self.restartEvery) server kills during reloads"
        )
        #expect(
            killedDuringWrites > Self.rotations / 4, "too few rotations were interrupted for the test to mean anything")
    }
}

/// The credential files of a data directory and what every version of them must look like.
struct CredentialFiles {
    let dir: String
    /// Secure-port URLs the kubeconfig may name (the server moves to a fresh port when restarted).
    var urls: Set<String>
    /// Every admin token the token file has held: the kubeconfig may hold only one of these.
    private var adminTokens: Set<String> = []
    private var otherUsers: [String: String] = [:]
    private var kubeconfigShape: [String] = []

    init(dir: String, url: String) {
        self.dir = dir
        self.urls = [url]
    }

    /// Both files complete and consistent with every version seen before.
    mutating func check() throws {
        let tokens = try readTokenFile(dir + "/tokens.csv")
        guard tokens.count == 4, let admin = tokens["admin"], Self.isToken(admin) else {
            throw HarnessError("torn token file: \(tokens)")
        }
        var others = tokens
        others["admin"] = nil
        if otherUsers.isEmpty { otherUsers = others }
        guard others == otherUsers else {
            throw HarnessError("other users' tokens changed: \(others) vs \(otherUsers)")
        }
        adminTokens.insert(admin)

        let kubeconfig = try String(contentsOfFile: dir + "/admin.kubeconfig", encoding: .utf8)
        let lines = kubeconfig.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let tokenLine = lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("token: ") }),
            let serverLine = lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("server: ") })
        else {
            throw HarnessError("torn admin.kubeconfig:\n\(kubeconfig)")
        }
        let token = String(tokenLine.trimmingCharacters(in: .whitespaces).dropFirst("token: ".count))
        guard adminTokens.contains(token) else {
            throw HarnessError("admin.kubeconfig holds a token the token file never had")
        }
        let url = String(serverLine.trimmingCharacters(in: .whitespaces).dropFirst("server: ".count))
        guard urls.contains(url) else { throw HarnessError("admin.kubeconfig names \(url), not one of \(urls)") }
        let shape = lines.map { $0 == tokenLine || $0 == serverLine ? "" : $0 }
        if kubeconfigShape.isEmpty { kubeconfigShape = shape }
        guard shape == kubeconfigShape else {
            throw HarnessError("admin.kubeconfig changed beyond its token and server:\n\(kubeconfig)")
        }
        try #require(try fileMode(dir + "/tokens.csv") == 0o600 && fileMode(dir + "/admin.kubeconfig") == 0o600)
    }

    func kubeconfigToken() throws -> String {
        let kubeconfig = try String(contentsOfFile: dir + "/admin.kubeconfig", encoding: .utf8)
        guard let line = kubeconfig.split(separator: "\n").first(where: { $0.contains("token: ") }) else {
            throw HarnessError("no token")
        }
        return String(line.trimmingCharacters(in: .whitespaces).dropFirst("token: ".count))
    }

    static func isToken(_ s: String) -> Bool { s.count == 64 && s.allSatisfy(\.isHexDigit) }
}
