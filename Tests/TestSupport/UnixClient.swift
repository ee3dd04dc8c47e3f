import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A client of a Unix-domain stream socket for tests: send bytes; read what came with `ChunkedLines`.
public final class UnixClient {
    public let fd: Int32

    public enum ClientError: Error { case connect(Int32), closed }

    public init(path: String, timeout: Double = 10) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            throw ClientError.connect(errno)  // deinit closes fd: self is fully initialized
        }
    }

    /// The one place fd is closed (see RawClient.deinit).
    deinit { close(fd) }

    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw ClientError.closed }
            offset += n
        }
    }
}

/// A chunked HTTP response read as it comes, without blocking: `poll()` takes what has arrived, and
/// `lines` are the complete lines of the body so far (a console stream's frames).
public final class ChunkedLines {
    private let fd: Int32
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private var headSeen = false
    public private(set) var ended = false

    public init(fd: Int32) { self.fd = fd }

    /// Reads what is waiting (nothing blocks) and decodes the chunks that are complete.
    public func poll() {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { raw += chunk[..<n]; continue }
            if n == 0 { ended = true }
            break
        }
        if !headSeen, let end = find([13, 10, 13, 10]) {
            raw.removeFirst(end + 4)
            headSeen = true
        }
        while headSeen, let lineEnd = find([13, 10]) {
            guard let size = Int(String(decoding: raw[..<lineEnd], as: UTF8.self), radix: 16),
                raw.count >= lineEnd + 2 + size + 2
            else { break }
            body += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
            raw.removeFirst(lineEnd + 2 + size + 2)
            if size == 0 { ended = true }
        }
    }

    public var lines: [String] {
        guard let last = body.lastIndex(of: 10) else { return [] }
        return body[..<last].split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard raw.count >= pattern.count else { return nil }
        for i in 0...(raw.count - pattern.count)
        where raw[i] == pattern[0] && Array(raw[i..<(i + pattern.count)]) == pattern { return i }
        return nil
    }
}
