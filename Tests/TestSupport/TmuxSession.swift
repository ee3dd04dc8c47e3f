import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command in a terminal: a tmux server of its own (-L) with one session running `command` in a
/// pane of the given size; `keys` types, `screen` reads the pane, `waitFor` polls it with a deadline.
/// The pane stays after the command exits (`EXIT=<status>` is printed) so its last words can be read.
public final class TmuxSession {
    public let name = "kc-\(UUID().uuidString.prefix(8))"
    public let tmux: String
    private var serverPID: Int32 = 0
    private var panePID: Int32 = 0

    /// Nil when tmux is not installed (the caller skips, saying so). `environment` is set for the command.
    public init?(_ arguments: [String], environment: [String: String] = [:], width: Int = 160, height: Int = 40) throws
    {
        guard let tmux = which("tmux") else { return nil }
        self.tmux = tmux
        let assignments = (["TERM": "xterm-256color"].merging(environment) { $1 }).sorted { $0.key < $1.key }.map {
            "\($0.key)='\($0.value)'"
        }
        let command = arguments.map { "'\($0)'" }.joined(separator: " ")
        let status = try runQuietly(
            tmux,
            [
                "-L", name, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                "env \(assignments.joined(separator: " ")) \(command); echo EXIT=$?; sleep 60",
            ])
        guard status == 0 else {
            throw NSError(
                domain: "tmux", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "tmux new-session failed"])
        }
        let pids =
            (try? runTool(tmux, ["-L", name, "display-message", "-p", "-t", name, "#{pid} #{pane_pid}"]).stdout) ?? ""
        let numbers = pids.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
        serverPID = numbers.first ?? 0
        panePID = numbers.count > 1 ? numbers[1] : 0
    }

    public func screen() -> String {
        (try? runTool(tmux, ["-L", name, "capture-pane", "-p", "-t", name]).stdout) ?? ""
    }

    /// The pane's bytes as they are (`capture-pane` without any translation), for checks on the encoding.
    public func screenBytes() -> [UInt8] { Array(screen().utf8) }

    public func keys(_ keys: String...) { _ = try? runTool(tmux, ["-L", name, "send-keys", "-t", name] + keys) }

    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 15) -> Bool {
        eventually(timeout: timeout) { screen().contains(text) }
    }

    deinit {
        _ = try? runQuietly(tmux, ["-L", name, "kill-server"])
        if panePID > 0 { kill(-panePID, SIGKILL) }
        if serverPID > 0 { kill(serverPID, SIGKILL) }
    }
}
