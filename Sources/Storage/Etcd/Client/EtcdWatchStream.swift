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
                do { return EtcdWatchMessage(try GatewayJSONParser.parse(line)) } catch {
                    throw .malformed(error.description)
                }
            }
            guard pending.count <= Self.maxMessageBytes else {
                throw .malformed("a watch message larger than \(Self.maxMessageBytes) bytes")
            }
            let piece: [UInt8]?
            do throws(HTTPClientError) { piece = try stream.next() } catch { throw .outcomeUnknown(error.message) }
            guard let piece else { return nil }
            pending.append(piece)
        }
    }

    /// Ends the stream from another thread (the reader's `next()` returns).
    func abort() { stream.abort() }
}
