#if canImport(Glibc)
import Glibc
#endif

/// Why a listening socket could not be opened; carries errno so callers can explain (in use, privilege).
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let errno: Int32

    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
    public var isAddressInUse: Bool { errno == EADDRINUSE }
    public var needsPrivilege: Bool { errno == EACCES || errno == EPERM }
    public var addressNotAvailable: Bool { errno == EADDRNOTAVAIL }
}

/// Thin wrappers over the socket calls the engine makes.
enum Socket {
    /// A non-blocking listening TCP socket on host:port (IPv4 or IPv6 literal).
    static func listen(host: String, port: Int, backlog: Int32) throws -> (fd: Int32, port: Int) {
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if let v4 = ipv4(host, port: port) {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v4, as: sockaddr_in.self) }
        } else if let v6 = ipv6(host, port: port) {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v6, as: sockaddr_in6.self) }
        } else {
            throw SocketError(operation: "parse address \(host)", errno: EINVAL)
        }
        let fd = socket(
            family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let e = errno
            close(fd)
            throw SocketError(operation: "bind", errno: e)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let e = errno
            close(fd)
            throw SocketError(operation: "listen", errno: e)
        }
        return (fd, localPort(fd) ?? port)
    }

    static func ipv4(_ host: String, port: Int) -> sockaddr_in? {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { return nil }
        return addr
    }

    static func ipv6(_ host: String, port: Int) -> sockaddr_in6? {
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard inet_pton(AF_INET6, bare, &addr.sin6_addr) == 1 else { return nil }
        return addr
    }

    static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return nil }
        return address(storage)?.port
    }

    /// The printable address and port of a socket address.
    static func address(_ storage: sockaddr_storage) -> (host: String, port: Int)? {
        var s = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(s.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &s) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var a = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &a, &text, socklen_t(text.count))
                    return (
                        text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) },
                        Int(UInt16(bigEndian: sin.pointee.sin_port))
                    )
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &s) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
                    var a = sin.pointee.sin6_addr
                    inet_ntop(AF_INET6, &a, &text, socklen_t(text.count))
                    return (
                        text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) },
                        Int(UInt16(bigEndian: sin.pointee.sin6_port))
                    )
                }
            }
        case AF_UNIX:
            return ("local", 0)  // a peer on this host; who it is comes from SO_PEERCRED
        default:
            return nil
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        if let v4 = ipv4(host, port: 0) { return UInt32(bigEndian: v4.sin_addr.s_addr) >> 24 == 127 }
        return host == "::1" || host == "[::1]" || host == "localhost"
    }
}
