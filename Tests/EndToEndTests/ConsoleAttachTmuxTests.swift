import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Consoles attached to a headless master, in real terminals (tmux): watching, rotating, detaching
/// while the master serves on, several at once, over TLS as different users, across a restart, and in a
/// locale that is not UTF-8. Every wait polls the screen with a deadline.
@Suite("console attached to a running master, under tmux", .timeLimit(.minutes(3)))
struct ConsoleAttachTmuxTests {
    var binary: String { ServerProcess.binary.path }

    func curl(_ args: [String]) throws -> String { try runTool(which("curl") ?? "/usr/bin/curl", ["-s"] + args).stdout }

    func code(_ s: ServerProcess, token: String, path: String = "/version") throws -> String {
        try curl([
            "-o", "/dev/null", "-w", "%{http_code}", "--cacert", s.dataDir + "/pki/ca.crt", "-H",
            "Authorization: Bearer \(token)",
            "https://127.0.0.1:\(s.port("secure"))\(path)",
        ])
    }

    /// The header's request total, as a console shows it.
    func total(_ screen: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("requests ") }) else { return nil }
        return Int(line.dropFirst("requests ".count).prefix { $0.isNumber })
    }

    @Test func attachedConsolesWatchRotateDetachAndStopWhileTheMasterServes() throws {
        let s = try ServerProcess.serve()
        guard let a = try TmuxSession([binary, "attach", "--data-dir", s.dataDir]) else {
            print("SKIP: tmux not installed"); return
        }
        #expect(a.waitFor("attached to"))
        #expect(a.screen().contains("(pid \(s.process.processIdentifier))"))
        _ = try curl(["http://127.0.0.1:\(s.port("localhost"))/attach-probe-1"])
        a.keys("2")
        #expect(a.waitFor("/attach-probe-1"))

        // r + y through the attached console: the old token is refused by the server at once.
        let old = try #require(try readTokenFile(s.dataDir + "/tokens.csv")["viewer"])
        #expect(try code(s, token: old) == "200")
        a.keys("5")
        #expect(a.waitFor("viewer"))
        a.keys("j"); a.keys("j"); a.keys("j")
        a.keys("r")
        #expect(a.waitFor("Give viewer a new token?"))
        a.keys("y")
        #expect(a.waitFor("rotated the token of viewer"))
        #expect(try code(s, token: old) == "401")

        // A second console (kube-console alone attaches when the data directory's master runs) sees the
        // same counters, and both follow new traffic.
        guard let b = try TmuxSession([binary, "--data-dir", s.dataDir]) else { return }
        #expect(b.waitFor("attached to"))
        _ = try curl(["http://127.0.0.1:\(s.port("localhost"))/two-consoles"])
        a.keys("2")
        b.keys("2")
        #expect(a.waitFor("/two-consoles"))
        #expect(b.waitFor("/two-consoles"))
        #expect(eventually { total(a.screen()) != nil && total(a.screen()) == total(b.screen()) })

        // q detaches: the dialog says the master keeps serving, and it does.
        a.keys("q")
        #expect(a.waitFor("Detach? The master keeps serving"))
        a.keys("y")
        #expect(a.waitFor("EXIT=0"))
        #expect(a.screen().contains("detached from"))
        #expect(try curl(["http://127.0.0.1:\(s.port("localhost"))/healthz"]) == "ok")
        _ = try curl(["http://127.0.0.1:\(s.port("localhost"))/after-detach"])
        #expect(b.waitFor("/after-detach"))

        // :stop is its own command, confirmed: the master finishes and exits.
        b.keys(":stop", "Enter")
        #expect(b.waitFor("Stop the master?"))
        b.keys("y")
        #expect(b.waitFor("EXIT=0"))
        #expect(b.screen().contains("the master is stopping"))
        #expect(s.waitForExit())
        #expect(s.process.terminationStatus == 0)
    }

    @Test func remoteConsolesOverTLSAreWhoThePolicySays() throws {
        let s = try ServerProcess.serve()
        let url = "https://127.0.0.1:\(s.port("secure"))"
        let ca = s.dataDir + "/pki/ca.crt"
        guard
            let admin = try TmuxSession([
                binary, "attach", "--server", url, "--kubeconfig", s.dataDir + "/admin.kubeconfig",
            ])
        else {
            print("SKIP: tmux not installed")
            return
        }
        #expect(admin.waitFor("as admin"))
        guard let anonymous = try TmuxSession([binary, "attach", "--server", url, "--certificate-authority", ca]) else {
            return
        }
        #expect(anonymous.waitFor("EXIT=1"))
        #expect(anonymous.screen().contains("cannot attach to \(url): Unauthorized"))

        let viewer = try #require(try readTokenFile(s.dataDir + "/tokens.csv")["viewer"])
        guard
            let refused = try TmuxSession([
                binary, "attach", "--server", url, "--token", viewer, "--certificate-authority", ca,
            ])
        else { return }
        #expect(refused.waitFor("EXIT=1"))
        #expect(
            refused.screen().contains(
                #"forbidden: User "viewer" cannot get path "/debug/console/v1/stream": No policy matched."#))

        // Granted a read of the channel, the viewer watches; a rotation is refused with the server's 403.
        try
            (try String(contentsOfFile: s.dataDir + "/policy.jsonl", encoding: .utf8)
            + policyLine(#""user":"viewer","readonly":true,"nonResourcePath":"/debug/console/*""#) + "\n")
            .write(toFile: s.dataDir + "/policy.jsonl", atomically: true, encoding: .utf8)
        s.signal(SIGHUP)
        #expect(admin.waitFor("last reload: policy reloaded") || s.waitForStderr("SIGHUP: tokens reloaded"))
        guard
            let watching = try TmuxSession([
                binary, "attach", "--server", url, "--token", viewer, "--certificate-authority", ca,
            ])
        else { return }
        #expect(watching.waitFor("as viewer, read-only"))
        watching.keys("5")
        #expect(watching.waitFor("kube-proxy"))
        watching.keys("j"); watching.keys("r")
        #expect(watching.waitFor("Give kubelet a new token?"))
        watching.keys("y")
        #expect(
            watching.waitFor(
                #"rotation refused: forbidden: User "viewer" cannot post path "/debug/console/v1/tokens/rotate""#))
    }

    @Test func whenTheMasterGoesAwayTheConsoleSaysSoAndResumesAfterARestart() throws {
        let s = try ServerProcess.serve()
        guard let a = try TmuxSession([binary, "attach", "--data-dir", s.dataDir]) else {
            print("SKIP: tmux not installed"); return
        }
        #expect(a.waitFor("(pid \(s.process.processIdentifier))"))
        s.signal(SIGKILL)  // no goodbye: the socket file stays behind, stale
        #expect(a.waitFor("disconnected: "))
        #expect(a.waitFor("retrying"))
        #expect(a.screen().contains("1 Ports"))  // the last screen stays
        let again = ServerProcess(
            arguments: Array(s.process.arguments ?? []), ports: s.ports, dataDir: s.dataDir, ownsDataDir: false)
        try again.start()
        #expect(again.waitForStderr("kube-console: serving v", timeout: 30))
        #expect(a.waitFor("(pid \(again.process.processIdentifier))", timeout: 20))
        #expect(eventually { !a.screen().contains("disconnected") })
    }

    @Test func aLocaleThatIsNotUTF8GetsASCIIAndTheColumnsLineUp() throws {
        let s = try ServerProcess.serve()
        guard
            let a = try TmuxSession(
                [binary, "attach", "--data-dir", s.dataDir], environment: ["LANG": "", "LC_ALL": "POSIX"])
        else {
            print("SKIP: tmux not installed")
            return
        }
        #expect(a.waitFor("attached to"))
        for _ in 0..<3 { _ = try curl(["http://127.0.0.1:\(s.port("localhost"))/version"]) }
        #expect(a.waitFor("requests 3 - 2xx 3"))
        let screen = a.screen()
        #expect(a.screenBytes().allSatisfy { $0 < 0x80 }, "\(screen)")
        #expect(screen.hasPrefix("kube-console v") && screen.contains(" | attached to "))
        // The ports table: every row's cells start under their column's title.
        let lines = screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("PORT ") })
        let state = try #require(header.range(of: "STATE")).lowerBound.utf16Offset(in: header)
        let address = try #require(header.range(of: "ADDRESS")).lowerBound.utf16Offset(in: header)
        for port in ["localhost", "read-only", "secure"] {
            let row = try #require(lines.first { $0.hasPrefix(port + " ") })
            #expect(row.range(of: "listening")?.lowerBound.utf16Offset(in: row) == state, "\(row)")
            #expect(row.range(of: "127.0.0.1:")?.lowerBound.utf16Offset(in: row) == address, "\(row)")
        }
        // Boxes too: the help overlay is drawn with + - |.
        a.keys("?")
        #expect(a.waitFor("+- keys (any key closes)---"))
        #expect(a.screenBytes().allSatisfy { $0 < 0x80 })
    }
}
