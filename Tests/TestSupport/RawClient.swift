import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for tests: send exact bytes, read exact responses. Every read has a timeout, so a
/// test fails rather than hangs.
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public struct Response: CustomStringConvertible {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        public var description: String { "\(status) \(headers) \(text)" }
    }

    public enum ClientError: Error { case connect(Int32), closed, timeout, malformed(String) }

    /// `from`: the local address to connect from (another loopback address, 127.0.0.2, is another client).
    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 10, from source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                throw ClientError.connect(errno)  // deinit closes fd: self is fully initialized
            }
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            throw ClientError.connect(errno)  // deinit closes fd: self is fully initialized
        }
    }

    /// The one place fd is closed: a failed connect throws from a fully initialized init, which runs deinit
    /// (closing it there too closed whatever another thread had opened under the same number since).
    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw ClientError.closed }
            offset += n
        }
    }

    /// Half-closes our side (the server sees EOF).
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer += chunk[..<n]; return }
        if n == 0 { throw ClientError.closed }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
        throw ClientError.closed  // ECONNRESET and the like
    }

    public func readLine() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                let line = buffer[..<i]
                buffer.removeFirst(i + 1)
                return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            }
            try fill()
        }
    }

    public func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let out = Array(buffer[..<count])
        buffer.removeFirst(count)
        return out
    }

    /// One response; `head: true` for the answer to a HEAD request (no body follows).
    public func readResponse(head: Bool = false) throws -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw ClientError.malformed(statusLine)
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed(line) }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || status / 100 == 1 { return response }
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw ClientError.malformed(sizeLine)
                }
                if size == 0 { _ = try readLine(); break }
                response.body += try readBytes(size)
                _ = try readLine()
            }
        } else if let length = response.header("content-length").flatMap(Int.init) {
            response.body = try readBytes(length)
        } else {
            response.body = try readToEnd()
        }
        return response
    }

    /// Reads one chunk of a chunked body (after `readResponseHead`), or nil at the last chunk.
    public func readChunk() throws -> [UInt8]? {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
            throw ClientError.malformed(sizeLine)
        }
        if size == 0 { _ = try readLine(); return nil }
        let data = try readBytes(size)
        _ = try readLine()
        return data
    }

    /// Status line and headers only (for streamed bodies).
    public func readResponseHead() throws -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            if let colon = line.firstIndex(of: ":") {
                headers.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return Response(status: status, headers: headers, body: [])
    }

    public func readToEnd() throws -> [UInt8] {
        while true {
            do { try fill() } catch ClientError.closed { break }
        }
        let out = buffer
        buffer.removeAll()
        return out
    }

    /// True when the server has closed the connection (EOF, or reset) with nothing more to read.
    public func isClosedByPeer() -> Bool {
        do {
            try fill()
            return false
        } catch ClientError.closed {
            return buffer.isEmpty
        } catch {
            return false
        }
    }
}

/// A port nobody listens on right now (bind :0, read it, close).
public func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
    _ = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Waits for a condition, checking every few milliseconds, until `timeout` seconds pass.
@discardableResult
public func eventually(timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    let tick = DispatchSemaphore(value: 0)
    while Date() < deadline {
        if try condition() { return true }
        _ = tick.wait(timeout: .now() + .milliseconds(10))
    }
    return try condition()
}
