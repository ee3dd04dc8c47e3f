import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Many TCP connections to one port that send nothing: a flood of idle clients. Non-blocking, so a
/// server that never accepts them (its backlog holds them) does not stall the test.
public final class IdleConnections: @unchecked Sendable {
    private var fds: [Int32] = []

    public init(port: Int, count: Int, host: String = "127.0.0.1") throws {
        raiseDescriptorLimit()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { close(); throw RawClient.ClientError.connect(errno) }
            fds.append(fd)
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard rc == 0 || errno == EINPROGRESS else { close(); throw RawClient.ClientError.connect(errno) }
        }
    }

    /// How many were answered with a 503 status line (the server refused them at the door).
    public func answered503() -> Int {
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 64)
        for fd in fds {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 12, String(decoding: buffer[..<n], as: UTF8.self).hasPrefix("HTTP/1.1 503") { count += 1 }
        }
        return count
    }

    public func close() {
        for fd in fds { Glibc.close(fd) }
        fds.removeAll()
    }

    deinit { close() }
}

/// The soft descriptor limit of the test process raised to its hard limit, so a test can open more
/// sockets than a server it floods may.
public func raiseDescriptorLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}
