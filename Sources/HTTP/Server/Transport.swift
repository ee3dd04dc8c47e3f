#if canImport(Glibc)
import Glibc
#endif

/// What one read or write on a connection's transport did.
public enum IOResult: Sendable, Equatable {
    case bytes(Int)
    /// Nothing now; the loop will call again on the next readiness edge.
    case wouldBlock
    /// The peer closed its side.
    case eof
    /// A fatal error (errno, or a TLS failure): the connection must close.
    case failed(String)
}

/// The byte stream under a connection: plain TCP, or TLS over it (the secure port). Owned by one
/// connection, used only on its loop.
public protocol ConnectionTransport: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult
    func write(_ buffer: UnsafeRawBufferPointer) -> IOResult
    /// Sends our end-of-stream (TLS close_notify, then TCP FIN) without closing the descriptor.
    func shutdownWrite()
    /// Releases transport state; the connection closes the descriptor afterwards.
    func close()
    /// Who the peer proved to be during the handshake, once known (nil on plain TCP).
    var peerIdentity: PeerIdentity? { get }
    /// True once reads and writes carry application data (always, on plain TCP).
    var isEstablished: Bool { get }
    /// True when the last read emptied the socket (it returned less than asked): with edge-triggered epoll
    /// more bytes bring a new edge, so reading again now would only say EAGAIN.
    var inputDrained: Bool { get }
    /// Who the kernel says connected, on a Unix socket whose gate read it (nil otherwise).
    var peerCredentials: PeerCredentials? { get }
}

extension ConnectionTransport {
    public var inputDrained: Bool { false }
    public var peerCredentials: PeerCredentials? { nil }
}

/// Makes the transport for each accepted socket of a listener.
public protocol TransportFactory: Sendable {
    func makeTransport(fd: Int32) -> ConnectionTransport
    var isSecure: Bool { get }
}

/// A verified client certificate's subject, as the TLS transport saw it.
public struct PeerIdentity: Sendable, Equatable {
    public var commonName: String
    public var organizations: [String]
    /// Nil when the chain verified; otherwise why it did not (untrusted, expired, ...).
    public var verificationError: String?
    public var isExpired: Bool
    public var notAfter: String
    public init(
        commonName: String, organizations: [String], verificationError: String?, isExpired: Bool = false,
        notAfter: String
    ) {
        self.commonName = commonName
        self.organizations = organizations
        self.verificationError = verificationError
        self.isExpired = isExpired
        self.notAfter = notAfter
    }
}

/// Plain TCP, or a Unix socket (with the peer's credentials when its gate read them).
final class PlainTransport: ConnectionTransport {
    let fd: Int32
    private(set) var inputDrained = false
    let peerCredentials: PeerCredentials?

    init(fd: Int32, peerCredentials: PeerCredentials? = nil) {
        self.fd = fd
        self.peerCredentials = peerCredentials
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                inputDrained = n < buffer.count
                return .bytes(n)
            }
            if n == 0 { return .eof }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(String(cString: strerror(errno)))
        }
    }

    func write(_ buffer: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(String(cString: strerror(errno)))
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }
    func close() {}
    var peerIdentity: PeerIdentity? { nil }
    var isEstablished: Bool { true }
}

struct PlainTransportFactory: TransportFactory {
    func makeTransport(fd: Int32) -> ConnectionTransport { PlainTransport(fd: fd) }
    var isSecure: Bool { false }
}
