import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// share/cluster/up and down, as the README shows them: one etcd member and two masters here (the
/// README's set-up is three of each; the script is the same), reached with kubectl, then all stopped.
@Suite("share/cluster/up and down", .enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct ClusterScriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../share/cluster"
    )
    .standardized.path

    /// Runs a script of share/cluster with BIN set to the built binary. Its output goes through files, not
    /// pipes: the processes it leaves running must not hold a pipe of ours open (see `runQuietly`).
    static func script(_ name: String, _ arguments: [String], scratch: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let out = scratch + "/\(name).out", err = scratch + "/\(name).err"
        let status = try runQuietly(
            "/usr/bin/env",
            [
                "BIN=\(ServerProcess.binary.path)", "/bin/sh", "-c", #""$0" "$@" > "$OUT" 2> "$ERR""#,
                "\(directory)/\(name)",
            ] + arguments, environment: ["OUT": out, "ERR": err])
        return (
            status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        )
    }

    @Test(.timeLimit(.minutes(2)))
    func upStartsMastersThatShareOneClusterAndDownStopsThem() throws {
        let scratch = makeTemporaryDirectory()
        let dir = scratch + "/cluster"
        defer {
            _ = try? Self.script("down", ["--dir", dir, "--purge"], scratch: scratch)
            try? FileManager.default.removeItem(atPath: scratch)
        }
        let up = try Self.script("up", ["--members", "1", "--masters", "2", "--dir", dir], scratch: scratch)
        #expect(up.status == 0, "\(up.stderr)")
        for n in [1, 2] {
            #expect(
                up.stdout.contains("kubectl --kubeconfig \(dir)/master-\(n)/admin.kubeconfig get namespaces"),
                "\(up.stdout)")
        }
        let pids = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pid") }.sorted()
        #expect(pids == ["etcd-1.pid", "master-1.pid", "master-2.pid"])

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
            let created = try runTool(
                "/usr/bin/kubectl",
                ["--kubeconfig", "\(dir)/master-1/admin.kubeconfig", "create", "configmap", "hello"])
            #expect(created.status == 0, "\(created.stderr)")
            let got = try runTool(
                "/usr/bin/kubectl",
                ["--kubeconfig", "\(dir)/master-2/admin.kubeconfig", "get", "configmap", "hello", "-o", "name"])
            #expect(got.stdout == "configmap/hello\n", "\(got.stderr)")
        } else {
            print("SKIP: kubectl not installed")
        }

        let processes = try pids.map {
            try String(contentsOfFile: "\(dir)/\($0)", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let down = try Self.script("down", ["--dir", dir], scratch: scratch)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("stopped master-2") && down.stdout.contains("stopped etcd-1"))
        for pid in processes { #expect(kill(pid_t(pid) ?? 0, 0) != 0, "process \(pid) still runs") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pid") }.isEmpty)
    }
}
