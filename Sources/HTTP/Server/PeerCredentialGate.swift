#if canImport(Glibc)
import Glibc
#endif

/// The transport of a Unix-socket listener that only some users may use: the kernel's word on who
/// connected (SO_PEERCRED) is checked as the connection is accepted, before a byte is parsed. A peer of
/// another uid gets a one-line 403 and the connection closes.
public struct PeerCredentialGate: TransportFactory {
    public let allowedUIDs: Set<uid_t>

    public init(allowedUIDs: Set<uid_t>) { self.allowedUIDs = allowedUIDs }

    /// The server's own user and root: who may use a socket in the server's data directory.
    public static var serverUserAndRoot: PeerCredentialGate { PeerCredentialGate(allowedUIDs: [getuid(), 0]) }

    public var isSecure: Bool { false }

    public func makeTransport(fd: Int32) -> ConnectionTransport {
        guard let peer = Socket.peerCredentials(fd) else {
            return refuse(fd, "the peer's credentials could not be read")
        }
        guard admits(peer) else {
            let allowed = allowedUIDs.sorted().map(String.init).joined(separator: ", ")
            return refuse(fd, "uid \(peer.uid) may not use this socket (allowed: uid \(allowed))")
        }
        return PlainTransport(fd: fd, peerCredentials: peer)
    }

    public func admits(_ peer: PeerCredentials) -> Bool { allowedUIDs.contains(peer.uid) }

    /// Answers 403 at once and ends our side; what the peer sends is read and dropped until it closes
    /// (or the idle timeout), so it reads the answer rather than a reset.
    private func refuse(_ fd: Int32, _ why: String) -> ConnectionTransport {
        let body = why + "\n"
        let answer =
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            + body
        _ = answer.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        return RefusedPeerTransport(fd: fd)
    }
}

/// A connection refused as it was accepted: input is discarded, nothing is parsed or answered (the
/// refusal was written already), and the connection closes when the peer does.
final class RefusedPeerTransport: ConnectionTransport {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { continue }
            if n == 0 { return .eof }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(String(cString: strerror(errno)))
        }
    }

    func write(_ buffer: UnsafeRawBufferPointer) -> IOResult { .failed("refused") }
    func shutdownWrite() {}
    func close() {}
    var peerIdentity: PeerIdentity? { nil }
    var isEstablished: Bool { true }
}
