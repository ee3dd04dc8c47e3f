import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The console in a real terminal: tmux runs `kube-console`, send-keys types, capture-pane reads the
/// screen. Every wait polls the screen with a deadline.
@Suite("console under tmux", .timeLimit(.minutes(3)))
struct ConsoleTmuxTests {
    final class Session {
        let name = "kc-\(UUID().uuidString.prefix(8))"
        /// A tmux server of its own (-L), killed with the session: no server outlives the test holding
        /// the test runner's output open.
        var socket: String { name }
        let tmux: String
        let dataDir = makeTemporaryDirectory()
        let ports = ["localhost": freePort(), "read-only": freePort(), "secure": freePort()]
        private var serverPID: Int32 = 0
        private var panePID: Int32 = 0

        init?(width: Int = 160, height: Int = 40, extra: [String] = []) throws {
            guard let tmux = which("tmux") else { return nil }
            self.tmux = tmux
            let command =
                ([
                    ServerProcess.binary.path, "--port", "\(ports["localhost"]!)", "--read-only-port",
                    "\(ports["read-only"]!)",
                    "--secure-port", "\(ports["secure"]!)", "--data-dir", dataDir, "--public-address-override",
                    "127.0.0.1",
                ] + extra)
                .map { "'\($0)'" }.joined(separator: " ")
            // `; echo EXIT=$?; sleep` keeps the pane after the console exits, so the test can read the exit status.
            let status = try runQuietly(
                tmux,
                [
                    "-L", socket, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                    "TERM=xterm-256color \(command); echo EXIT=$?; sleep 30",
                ])
            guard status == 0 else {
                throw NSError(
                    domain: "tmux", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "tmux new-session failed"])
            }
            let pids =
                (try? runTool(tmux, ["-L", socket, "display-message", "-p", "-t", name, "#{pid} #{pane_pid}"]).stdout)
                ?? ""
            let numbers = pids.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
            serverPID = numbers.first ?? 0
            panePID = numbers.count > 1 ? numbers[1] : 0
        }

        func screen() -> String { (try? runTool(tmux, ["-L", socket, "capture-pane", "-p", "-t", name]).stdout) ?? "" }

        func keys(_ keys: String...) { _ = try? runTool(tmux, ["-L", socket, "send-keys", "-t", name] + keys) }

        func resize(width: Int, height: Int) {
            _ = try? runQuietly(tmux, ["-L", socket, "resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
        }

        @discardableResult
        func waitFor(_ text: String, timeout: Double = 15) -> Bool {
            eventually(timeout: timeout) { screen().contains(text) }
        }

        func token(_ user: String) -> String? {
            guard let csv = try? String(contentsOfFile: dataDir + "/tokens.csv", encoding: .utf8) else { return nil }
            for line in csv.split(separator: "\n") {
                let fields = line.split(separator: ",")
                if fields.count > 1 && String(fields[1]) == user { return String(fields[0]) }
            }
            return nil
        }

        deinit {
            _ = try? runQuietly(tmux, ["-L", socket, "kill-server"])
            // Whatever is left (the pane's process group, the server) goes for certain.
            if panePID > 0 { kill(-panePID, SIGKILL) }
            if serverPID > 0 { kill(serverPID, SIGKILL) }
            try? FileManager.default.removeItem(atPath: dataDir)
        }
    }

    func curl(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runTool(which("curl") ?? "/usr/bin/curl", ["-s"] + args)
    }

    @Test func trafficShowsUpAndTheCountersMove() throws {
        guard let s = try Session() else { print("SKIP: tmux not installed"); return }
        #expect(s.waitFor("1 Ports"))
        #expect(s.waitFor("listening"))
        for _ in 0..<3 { _ = try curl(["http://127.0.0.1:\(s.ports["localhost"]!)/version"]) }
        _ = try curl(["http://127.0.0.1:\(s.ports["localhost"]!)/no-such-route"])
        #expect(s.waitFor("requests 4 ·"))
        s.keys("2")
        #expect(s.waitFor("/no-such-route"))
        #expect(s.waitFor("/version"))
        #expect(s.waitFor("following"))
    }

    @Test func rotatingATokenRefusesTheOldOneAndTheFailureShows() throws {
        guard let s = try Session() else { print("SKIP: tmux not installed"); return }
        #expect(s.waitFor("1 Ports"))
        let url = "https://127.0.0.1:\(s.ports["secure"]!)/version"
        let ca = s.dataDir + "/pki/ca.crt"
        let old = try #require(s.token("viewer"))
        #expect(
            try curl([
                "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-H", "Authorization: Bearer \(old)", url,
            ]).stdout == "200")
        s.keys("5")
        #expect(s.waitFor("viewer"))
        // admin, kubelet, kube-proxy, viewer: viewer is the fourth row.
        s.keys("j"); s.keys("j"); s.keys("j")
        s.keys("r")
        #expect(s.waitFor("Give viewer a new token?"))
        s.keys("y")
        #expect(s.waitFor("rotated the token of viewer"))
        let fresh = try #require(s.token("viewer"))
        #expect(fresh != old)
        #expect(
            try curl([
                "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-H", "Authorization: Bearer \(old)", url,
            ]).stdout == "401")
        #expect(
            try curl([
                "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-H", "Authorization: Bearer \(fresh)", url,
            ]).stdout == "200")
        s.keys("4")
        #expect(s.waitFor("revoked token"))
        // The full token never appears on screen until asked for; then once.
        #expect(!s.screen().contains(fresh))
        s.keys("t")
        #expect(s.waitFor(fresh))
        s.keys("Escape")
        #expect(eventually { !s.screen().contains(fresh) })
    }

    @Test func aBrokenPolicyIsRefusedAndTheOldOneStillDecides() throws {
        guard let s = try Session() else { print("SKIP: tmux not installed"); return }
        #expect(s.waitFor("1 Ports"))
        let url = "https://127.0.0.1:\(s.ports["secure"]!)/api/v1/namespaces/default/pods"
        let ca = s.dataDir + "/pki/ca.crt"
        let viewer = try #require(s.token("viewer"))
        let before = try curl([
            "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-X", "POST", "-H",
            "Authorization: Bearer \(viewer)", url,
        ]).stdout
        #expect(before == "403")
        let policy = s.dataDir + "/policy.jsonl"
        var text = try String(contentsOfFile: policy, encoding: .utf8)
        text +=
            "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\",\"spec\":{\"user\":\"viewer\",\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}}\n{not json\n"
        try text.write(toFile: policy, atomically: true, encoding: .utf8)
        s.keys("P")
        #expect(s.waitFor("policy refused:"))
        #expect(s.screen().contains("policy.jsonl:"))
        // The new (broken) file would let viewer write; the old policy still says no.
        let after = try curl([
            "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-X", "POST", "-H",
            "Authorization: Bearer \(viewer)", url,
        ]).stdout
        #expect(after == "403")
        s.keys("6")
        #expect(s.waitFor("last reload: policy refused"))
    }

    @Test func resizeIsFollowedAndQuitRestoresTheTerminal() throws {
        guard let s = try Session(width: 200, height: 50) else { print("SKIP: tmux not installed"); return }
        #expect(s.waitFor("ACTIVITY"))  // wide enough for every column
        s.resize(width: 80, height: 24)
        #expect(eventually(timeout: 20) { !s.screen().contains("ACTIVITY") && s.screen().contains("1 Ports") })
        #expect(s.screen().split(separator: "\n").allSatisfy { $0.count <= 80 })
        s.keys("q")
        #expect(s.waitFor("Quit? This stops the API server."))
        s.keys("y")
        #expect(s.waitFor("EXIT=0"))
        // Restored: the console's frame is gone from the normal screen.
        #expect(!s.screen().contains("1 Ports"))
        #expect(throws: (any Error).self) { _ = try RawClient(port: s.ports["localhost"]!) }
    }

    @Test func withoutATerminalItSuggestsServe() throws {
        let r = try ServerProcess.run(["--port", "0", "--secure-port", "0", "--read-only-port", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("stdout is not a terminal"))
        #expect(r.stderr.contains("kube-console serve"))
    }
}
