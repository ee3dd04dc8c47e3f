#if canImport(Glibc)
import Glibc
#endif

/// sd_notify(3) without libsystemd: under a Type=notify unit, systemd passes a datagram socket in
/// $NOTIFY_SOCKET (a path, or `@name` in the abstract namespace) and waits for `READY=1` before it
/// calls the service started. Elsewhere (no NOTIFY_SOCKET) nothing is sent.
public enum SystemdNotify {
    /// Sends `state` (newline-separated `KEY=value` lines: `READY=1`, `STATUS=…`, `STOPPING=1`).
    /// False when there is no socket to tell or the datagram could not be sent.
    @discardableResult
    public static func send(
        _ state: String, socket path: String? = environmentValue("NOTIFY_SOCKET")
    ) -> Bool {
        guard let path, let (address, length) = address(path) else { return false }
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var a = address
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &a) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
            }
        }
        return sent == bytes.count
    }

    /// The socket address of `path`: a file system path, or `@name` for the abstract namespace (a
    /// leading NUL, and the length counting exactly the name's bytes).
    static func address(_ path: String) -> (sockaddr_un, socklen_t)? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        // vsock: and the like are not spoken here.
        guard abstract || bytes.first == UInt8(ascii: "/") else { return nil }
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count > 1, bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let header = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        return (address, socklen_t(header + bytes.count + (abstract ? 0 : 1)))
    }
}
