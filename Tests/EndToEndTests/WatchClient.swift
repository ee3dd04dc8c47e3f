import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// A watch on the secure port held open by curl in the background (-N: no buffering), for tests that
/// need a long-running request in flight.
final class WatchClient: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var output = ""

    init(port: Int, path: String, token: String, caFile: String) throws {
        process.executableURL = URL(fileURLWithPath: which("curl") ?? "/usr/bin/curl")
        process.arguments = [
            "-sS", "-N", "-D", "-", "--cacert", caFile, "-H", "Authorization: Bearer \(token)",
            "https://127.0.0.1:\(port)\(path)",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.output += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return output }

    /// The status of the watch's response once its head arrived (nil if it did not within 10 s).
    func waitForStatus() -> Int? {
        guard eventually(timeout: 10, { text.contains("\r\n\r\n") }) else { return nil }
        let parts = text.split(separator: "\r\n").first?.split(separator: " ") ?? []
        return parts.count > 1 ? Int(parts[1]) : nil
    }

    /// SIGKILL: curl inherits the blocked signal mask of the thread that spawned it, so SIGTERM would wait.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
