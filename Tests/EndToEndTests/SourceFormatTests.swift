import Foundation
import Testing
import TestSupport

/// The tree is formatted as `.swift-format` says: the toolchain's `swift format lint` finds nothing, so a
/// change that is not formatted fails the run (`swift format --in-place --recursive Sources Tests` fixes it).
@Suite("source format")
struct SourceFormatTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized.path

    @Test func swiftFormatLintFindsNothing() throws {
        guard let swiftFormat = which("swift-format") else {
            Issue.record("swift-format is not on PATH; it ships with the Swift toolchain (swift format)")
            return
        }
        // One pipe for both streams, cut short: the findings, not a pipe full enough to block the linter.
        let lint = try runTool(
            "/bin/sh",
            ["-c", "cd \"$0\" && \"$1\" lint --recursive Sources Tests 2>&1 | head -40", Self.root, swiftFormat],
            timeout: 300)
        #expect(lint.status == 0)
        #expect(lint.stdout.isEmpty, "swift format lint:\n\(lint.stdout)")
    }
}
