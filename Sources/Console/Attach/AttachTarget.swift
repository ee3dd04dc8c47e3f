import APIServer
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Where an attached console connects, and as whom: the master's socket in a data directory, or a
/// master's secure port (TLS verified against a CA, a bearer token or a client certificate).
public struct AttachTarget: Sendable {
    public var origin: HTTPOrigin
    public var tls: ClientTLSContext?
    /// The Authorization header's value (remote only): `Bearer …`. Never shown.
    public var authorization: String?
    /// How messages name it: the socket's path or the server's URL.
    public var description: String

    public var isLocal: Bool { origin.unixSocketPath != nil }

    /// The socket of the master serving `dataDir` (`<data-dir>/console.sock`), or an explicit socket.
    public static func local(socket path: String) -> AttachTarget {
        AttachTarget(origin: HTTPOrigin(unixSocket: path), tls: nil, authorization: nil, description: path)
    }

    /// A master's secure port. The CA verifies its certificate (nil: the system's trust store); a client
    /// certificate and its key, when given, come as files.
    public static func remote(
        url: String, token: String?, caFile: String?, clientCertificate: String?,
        clientKey: String?
    ) throws(ControlError) -> AttachTarget {
        let origin: HTTPOrigin
        do { origin = try HTTPOrigin(parsing: url, defaultPort: 443) } catch {
            throw ControlError("--server \(url): \(error.message)")
        }
        guard origin.secure else {
            throw ControlError("--server \(url): the console channel is on the secure port: use https://")
        }
        let tls: ClientTLSContext
        do {
            tls = try ClientTLSContext(caFile: caFile, certificateFile: clientCertificate, privateKeyFile: clientKey)
        } catch {
            throw ControlError(error.message)
        }
        return AttachTarget(
            origin: origin, tls: tls, authorization: token.map { "Bearer \($0)" }, description: origin.description)
    }
}

/// Credentials embedded in a kubeconfig, handed to OpenSSL, which reads files: each written 0600 to a
/// private temporary file, removed as soon as the TLS context has read it.
struct PrivateFiles: ~Copyable {
    private(set) var paths: [String] = []

    mutating func write(_ bytes: [UInt8]) throws(ControlError) -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"  // as NSTemporaryDirectory()
        var template = Array((directory + "/kube-console-attach.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }  // 0600
        guard fd >= 0 else { throw ControlError("cannot write a temporary file: \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        paths.append(path)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw ControlError("cannot write a temporary file \(path)") }
        return path
    }

    deinit { for path in paths { unlink(path) } }
}
