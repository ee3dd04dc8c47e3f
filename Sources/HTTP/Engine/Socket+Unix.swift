#if canImport(Glibc)
import Glibc
#endif

/// Unix-domain sockets: a listening one at a path (the console channel's local way in), and the
/// credentials of the process at the other end of an accepted one.
extension Socket {
    /// The longest path a `sockaddr_un` holds (108 bytes with its terminating NUL on Linux).
    static let maxUnixPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// A non-blocking listening stream socket at `path` whose file has exactly `mode`. A stale socket
    /// file (nothing accepts on it any more) is replaced; a live one is EADDRINUSE, and any other kind
    /// of file at `path` is left alone (EEXIST).
    static func listenUnix(path: String, mode: mode_t, backlog: Int32) throws -> Int32 {
        var address = try unixAddress(path)
        try removeStaleSocket(path, address: &address)
        // bind makes the file with the process umask, so it is made in a fresh 0700 directory beside
        // `path`, given `mode`, then renamed into place: no other user can connect in between, and the
        // process-wide umask is never touched (other threads create files meanwhile).
        var template = Array((path + ".XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SocketError(operation: "mkdtemp beside \(path)", errno: errno)
        }
        let privateDirectory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { rmdir(privateDirectory) }
        let temporary = privateDirectory + "/s"
        var temporaryAddress = try unixAddress(temporary)
        let fd = socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        let bound = withUnsafePointer(to: &temporaryAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, chmod(temporary, mode) == 0, Glibc.listen(fd, backlog) == 0, rename(temporary, path) == 0
        else {
            let e = errno
            close(fd)
            unlink(temporary)
            throw SocketError(operation: "listen on \(path)", errno: e)
        }
        return fd
    }

    static func unixAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxUnixPathBytes else {
            throw SocketError(operation: "socket path \(path) (at most \(maxUnixPathBytes) bytes)", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        return address
    }

    /// Unlinks `path` when it is a socket nobody accepts on (a master that died without cleaning up).
    private static func removeStaleSocket(_ path: String, address: inout sockaddr_un) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFSOCK else {
            throw SocketError(operation: "bind \(path): not a socket", errno: EEXIST)
        }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        defer { close(probe) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected == 0 { throw SocketError(operation: "bind \(path)", errno: EADDRINUSE) }
        unlink(path)
    }

    /// The user and process at the other end of a Unix socket (SO_PEERCRED), or nil.
    static func peerCredentials(_ fd: Int32) -> PeerCredentials? {
        // struct ucred (pid, uid, gid) is behind _GNU_SOURCE, which the Glibc module is built without;
        // its layout is the kernel's ABI, so it is spelled here.
        var raw: (pid: pid_t, uid: uid_t, gid: gid_t) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(pid_t, uid_t, gid_t)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &raw, &length) == 0, length == 12 else { return nil }
        return PeerCredentials(pid: raw.pid, uid: raw.uid, gid: raw.gid)
    }
}

/// Who is at the other end of a Unix socket, as the kernel says (not as the peer claims).
public struct PeerCredentials: Sendable, Equatable {
    public var pid: pid_t
    public var uid: uid_t
    public var gid: gid_t
}
