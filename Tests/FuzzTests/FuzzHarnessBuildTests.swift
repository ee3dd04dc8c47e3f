import FuzzChecks
import Foundation
import Testing
import TestSupport

/// The libFuzzer harness (share/fuzz/APIFuzzer.swift) builds against this build's modules with
/// `swiftc -sanitize=fuzzer`, and each target runs its corpus and a short fuzzing session without a
/// finding. (share/fuzz/run.sh builds the same harness against coverage-instrumented release modules for
/// the real runs; here the modules are the debug ones, so only the harness is instrumented.)
@Suite("fuzz harness builds")
struct FuzzHarnessBuildTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The build directory of this test run: where the modules and their objects are.
    static let build = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    static let modules = ["Threads", "HTTP", "Storage", "KubeAPI", "APIServer", "FuzzChecks"]

    @Test func theHarnessBuildsAndEveryTargetRuns() throws {
        guard let swiftc = which("swiftc") else {
            Issue.record("swiftc is not on PATH; the toolchain that runs these tests should be")
            return
        }
        let out = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The objects of the sources as they are now, from each module's output file map (the build
        // directory keeps the objects of deleted or moved files too).
        var objects: [String] = []
        for module in Self.modules {
            let map = Self.build + "/\(module).build/output-file-map.json"
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: map)))
                as? [String: [String: String]]
            let found = (json ?? [:]).filter { !$0.key.isEmpty }.compactMap { $0.value["object"] }
            #expect(!found.isEmpty, "no objects in \(map)")
            objects += found
        }
        let binary = out + "/kube-fuzzer"
        let built = try runTool(
            swiftc,
            [
                "-sanitize=fuzzer", "-parse-as-library", "-module-cache-path", out + "/module-cache",
                "-I", Self.build + "/Modules",
            ] + ["CLinux", "COpenSSL", "CSQLite"].flatMap { ["-I", Self.root + "/Sources/" + $0] }
                + [Self.root + "/share/fuzz/APIFuzzer.swift"] + objects + [
                    "-lssl", "-lcrypto", "-lsqlite3", "-o", binary,
                ],
            timeout: 300)
        try #require(built.status == 0, "the harness does not build:\n\(built.stderr)")

        for target in FuzzTarget.all {
            let link = out + "/\(target.name)-fuzzer"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)
            let corpus = out + "/corpus-\(target.name)"
            try FileManager.default.copyItem(atPath: Self.root + "/share/fuzz/corpus/\(target.name)", toPath: corpus)
            let run = try runTool(
                "/usr/bin/env",
                [
                    "SWIFT_BACKTRACE=enable=no", link, "-runs=3000", "-seed=1", "-max_len=4096",
                    "-timeout=10", "-artifact_prefix=\(out)/", corpus,
                ], timeout: 120)
            #expect(run.status == 0, "\(target.name): \(run.stderr.suffix(2000))")
            #expect(run.stderr.contains("Done 3000 runs"), "\(target.name): \(run.stderr.suffix(500))")
        }
    }
}
