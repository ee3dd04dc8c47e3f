import Foundation
import Testing
import TestSupport

/// share/dev/setup-debian, the first command of the README, with stand-ins for dpkg-query, id, sudo and
/// apt-get on a PATH of its own (so no package is really installed and sudo is absent unless stubbed).
@Suite("share/dev/setup-debian")
struct SetupDebianTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../share/dev/setup-debian").standardized.path
    static let packages = ["libncurses-dev", "libssl-dev", "libsqlite3-dev", "curl", "openssl", "tmux", "etcd-server"]

    /// A directory of stub commands: `dpkg-query` reports `installed` as installed, `id -u` says `uid`,
    /// and `apt-get` (and `sudo`, when wanted) append their arguments to `calls`.
    struct Stubs {
        let dir = makeTemporaryDirectory()
        var calls: String { dir + "/calls" }

        init(installed: [String], uid: Int, sudo: Bool) throws {
            let lines = installed.map { "\($0) installed" }.joined(separator: "\\n")
            try write("dpkg-query", "printf '\(lines)\\n'")
            try write("id", "echo \(uid)")
            try write("apt-get", "echo \"apt-get $*\" >> \(calls)")
            try write("env", "shift; \"$@\"")  // `env DEBIAN_FRONTEND=... apt-get ...`
            try write("grep", "exec /bin/grep \"$@\"")
            if sudo { try write("sudo", "echo \"sudo $*\" >> \(calls); \"$@\"") }
        }

        private func write(_ name: String, _ body: String) throws {
            let path = dir + "/" + name
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }

        func run() throws -> (status: Int32, stdout: String, stderr: String, calls: String) {
            let r = try runTool("/usr/bin/env", ["-i", "PATH=\(dir)", "/bin/sh", SetupDebianTests.script])
            return (r.status, r.stdout, r.stderr, (try? String(contentsOfFile: calls, encoding: .utf8)) ?? "")
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }

    @Test func withoutSudoItSaysWhatToRunAsRoot() throws {
        let stubs = try Stubs(installed: ["curl", "openssl"], uid: 1000, sudo: false)
        defer { stubs.remove() }
        let r = try stubs.run()
        #expect(r.status == 1)
        let missing = Self.packages.filter { !["curl", "openssl"].contains($0) }.joined(separator: " ")
        #expect(r.stderr.contains("Run as root:\n    apt-get update && apt-get install -y \(missing)\n"), "\(r.stderr)")
        #expect(!r.stderr.contains("not found"), "\(r.stderr)")
        #expect(r.calls.isEmpty, "nothing may be installed: \(r.calls)")
    }

    @Test func withSudoItInstallsWhatIsMissing() throws {
        let stubs = try Stubs(installed: Self.packages.filter { $0 != "etcd-server" }, uid: 1000, sudo: true)
        defer { stubs.remove() }
        let r = try stubs.run()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.calls.contains("sudo apt-get update -qq\n"), "\(r.calls)")
        #expect(r.calls.contains("apt-get install -y -qq etcd-server\n"), "\(r.calls)")
    }

    @Test func asRootItInstallsWithoutSudo() throws {
        let stubs = try Stubs(installed: [], uid: 0, sudo: false)
        defer { stubs.remove() }
        let r = try stubs.run()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.calls == "apt-get update -qq\napt-get install -y -qq \(Self.packages.joined(separator: " "))\n")
    }

    @Test func withEverythingPresentItDoesNothing() throws {
        let stubs = try Stubs(installed: Self.packages, uid: 1000, sudo: false)
        defer { stubs.remove() }
        let r = try stubs.run()
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty && r.calls.isEmpty, "\(r.stderr)\(r.calls)")
    }
}
