#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Synchronization

/// What the running server has to tell its operator (descriptor shortages, an audit log that cannot keep
/// up). `serve` prints it on stderr; the console, which owns the terminal, shows it instead.
public final class ServerLog: Sendable {
    /// Messages kept for the console.
    public static let recentCapacity = 20

    private let sink = Mutex<@Sendable (String) -> Void>(ServerLog.standardError)
    private let recent = Mutex(Ring<ServerMessage>(capacity: ServerLog.recentCapacity))

    public init() {}

    /// `kube-console: <message>` on stderr, one write.
    public static let standardError: @Sendable (String) -> Void = { message in
        var line = "kube-console: \(message)\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    public func redirect(_ newSink: @escaping @Sendable (String) -> Void) {
        sink.withLock { $0 = newSink }
    }

    public func say(_ message: String) {
        recent.withLock { $0.append(ServerMessage(time: wallClockNanoseconds(), text: message)) }
        let current = sink.withLock { $0 }
        current(message)
    }

    /// The latest messages, oldest first.
    public var recentMessages: [ServerMessage] { recent.withLock { $0.elements } }
}
