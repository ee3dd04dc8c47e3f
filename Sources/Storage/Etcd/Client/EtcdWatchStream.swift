import HTTP

/// A watch stream from the gateway: JSON messages, one per line, read as they arrive.
final class EtcdWatchStream: Sendable {
    /// A message larger than this is refused (an event carries one value, at most etcd's request limit).
    static let maxMessageBytes = 64 * 1024 * 1024

    /// The endpoint serving the watch (to mark it failed when the stream breaks).
    let endpoint: Int
    private let stream: HTTPClientStream
    private let pending = PendingBytes()

    init(_ stream: HTTPClientStream, endpoint: Int) {
        self.stream = stream
        self.endpoint = endpoint
    }

    /// The next message; nil when the server ended the stream. Blocks until one arrives or `abort()`.
    func next() throws(EtcdClientError) -> EtcdWatchMessage? {
        while true {
            if let line = pending.takeLine() {
                if line.isEmpty { continue }
                do { return EtcdWatchMessage(try GatewayJSONParser.parse(line)) } catch { throw .malformed(error.description) }
            }
            guard pending.count <= Self.maxMessageBytes else { throw .malformed("a watch message larger than \(Self.maxMessageBytes) bytes") }
            let piece: [UInt8]?
            do throws(HTTPClientError) { piece = try stream.next() } catch { throw .outcomeUnknown(error.message) }
            guard let piece else { return nil }
            pending.append(piece)
        }
    }

    /// Ends the stream from another thread (the reader's `next()` returns).
    func abort() { stream.abort() }
}

/// Bytes received but not yet split into lines; used by the stream's one reader thread.
private final class PendingBytes: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private var start = 0

    var count: Int { bytes.count - start }

    func append(_ piece: [UInt8]) {
        if start > 0 && start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes += piece
    }

    func takeLine() -> [UInt8]? {
        guard let newline = bytes[start...].firstIndex(of: 10) else { return nil }
        let line = Array(bytes[start..<newline])
        start = newline + 1
        return line
    }
}
