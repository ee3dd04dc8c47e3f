import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// TLS over a non-blocking socket, on the connection's loop. The handshake runs inside `read` until it
/// completes; until then nothing reaches the parser. A failed handshake (plain HTTP, garbage, an old
/// protocol version) fails the read, and the connection closes without disturbing any other.
final class TLSTransport: ConnectionTransport {
    private let ssl: OpaquePointer?
    private let fd: Int32
    private(set) var isEstablished = false
    private(set) var peerIdentity: PeerIdentity?
    /// Set by OpenSSL's read callback (`kc_ssl_track_short_reads`): the socket's last read came back short.
    private let lastReadShort = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    init(context: OpaquePointer, fd: Int32) {
        self.fd = fd
        lastReadShort.initialize(to: 0)
        ssl = SSL_new(context)
        if let ssl {
            // Without the read BIO's callback (out of memory) reads simply go on until WANT_READ.
            if kc_ssl_set_fd_noting_short_reads(ssl, fd, lastReadShort) != 1 { SSL_set_fd(ssl, fd) }
            SSL_set_accept_state(ssl)
        }
    }

    deinit {
        close()
        lastReadShort.deallocate()
    }

    /// The socket's last read came back short and OpenSSL holds no bytes of a further record.
    var inputDrained: Bool {
        guard let ssl else { return true }
        return lastReadShort.pointee != 0 && SSL_has_pending(ssl) == 0
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        guard let ssl else { return .failed("no TLS session") }
        if !isEstablished {
            let rc = SSL_do_handshake(ssl)
            if rc != 1 { return result(rc, ssl) }
            isEstablished = true
            peerIdentity = PeerCertificate.identity(of: ssl)
        }
        let n = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return n > 0 ? .bytes(Int(n)) : result(n, ssl)
    }

    func write(_ buffer: UnsafeRawBufferPointer) -> IOResult {
        guard let ssl, isEstablished else { return .wouldBlock }
        let n = SSL_write(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return n > 0 ? .bytes(Int(n)) : result(n, ssl)
    }

    private func result(_ rc: Int32, _ ssl: OpaquePointer) -> IOResult {
        let error = SSL_get_error(ssl, rc)
        switch error {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .eof
        case SSL_ERROR_SYSCALL:
            let e = errno
            ERR_clear_error()
            return e == 0 ? .eof : .failed(String(cString: strerror(e)))
        default:
            return .failed(TLSContext.lastError())
        }
    }

    func shutdownWrite() {
        if let ssl, isEstablished { SSL_shutdown(ssl) }
        shutdown(fd, Int32(SHUT_WR))
    }

    private var freed = false

    func close() {
        guard !freed else { return }
        freed = true
        if let ssl { SSL_free(ssl) }
        ERR_clear_error()
    }
}

/// Reads who a client certificate names: CN is the user, O entries the groups (kube-apiserver's x509
/// authenticator), plus whether the chain verified and whether it may be used for client auth.
enum PeerCertificate {
    static func identity(of ssl: OpaquePointer) -> PeerIdentity? {
        guard let cert = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(cert) }
        let verify = SSL_get_verify_result(ssl)
        var error: String?
        if verify != X509_V_OK {
            error = String(cString: X509_verify_cert_error_string(verify))
        } else if X509_check_purpose(cert, X509_PURPOSE_SSL_CLIENT, 0) != 1 {
            error = "certificate is not valid for client authentication (extended key usage)"
        }
        let name = X509_get_subject_name(cert)
        return PeerIdentity(
            commonName: entries(name, NID_commonName).first ?? "",
            organizations: entries(name, NID_organizationName),
            verificationError: error,
            isExpired: verify == X509_V_ERR_CERT_HAS_EXPIRED,
            notAfter: time(X509_get0_notAfter(cert)))
    }

    private static func entries(_ name: OpaquePointer?, _ nid: Int32) -> [String] {
        guard let name else { return [] }
        var values: [String] = []
        var index: Int32 = -1
        while true {
            index = X509_NAME_get_index_by_NID(name, nid, index)
            if index < 0 { break }
            guard let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) else {
                continue
            }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            if length >= 0, let utf8 {
                values.append(String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self))
                kc_openssl_free(utf8)
            }
        }
        return values
    }

    static func time(_ t: UnsafePointer<ASN1_TIME>?) -> String {
        guard let t, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        ASN1_TIME_print(bio, t)
        var pointer: UnsafeMutablePointer<CChar>?
        let length = kc_bio_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
