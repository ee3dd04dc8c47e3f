import FuzzChecks
import Foundation
import Testing

/// Every committed corpus input and every input that ever found a bug (share/fuzz/corpus/<target>,
/// share/fuzz/crashes/<target>) goes through the same checks the fuzzers run: a regression comes back
/// as a failing test, not only as a fuzzer crash.
@Suite("fuzz corpora replayed")
struct FuzzCorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("share/fuzz").path

    /// The files of share/fuzz/<kind>/<target>, sorted; none when the directory is absent.
    static func inputs(_ kind: String, _ target: String) -> [String] {
        let dir = fuzzDirectory + "/\(kind)/\(target)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func corpusAndCrashesPassTheChecks(target name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let corpus = Self.inputs("corpus", name)
        #expect(corpus.count >= 5, "share/fuzz/corpus/\(name) should seed the fuzzer with a few inputs")
        for path in corpus + Self.inputs("crashes", name) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            do throws(FuzzFailure) {
                try target.check(bytes)
            } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }
}
