import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Why TLS could not be set up; names the file at fault.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The secure port's TLS configuration (one OpenSSL SSL_CTX): TLS 1.2 and 1.3 only, ECDHE with AES-GCM or
/// ChaCha20 for 1.2, ALPN http/1.1, server-side session cache and tickets for resumption, and, with a
/// client CA, requested (not required) client certificates whose verification result is kept for the
/// authenticator to judge.
public final class TLSContext: TransportFactory, @unchecked Sendable {
    /// TLS 1.2 suites: forward secret, AEAD only.
    public static let tls12Ciphers =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
    /// TLS 1.3 suites in the order Go's crypto/tls (kube-apiserver's) prefers on CPUs with AES
    /// instructions: AES-128-GCM first. OpenSSL's default puts AES-256-GCM first, 40% more AES rounds on
    /// every record for no protection a 128-bit key lacks here.
    public static let tls13Ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384"
    /// Sessions kept for resumption by session ID (tickets need no server state).
    public static let sessionCacheSize = 20_000

    let context: OpaquePointer

    public init(certificateFile: String, privateKeyFile: String, clientCAFile: String?) throws(TLSError) {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError(message: "cannot create a TLS context: \(Self.lastError())")
        }
        context = ctx
        _ = kc_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION)
        _ = kc_ssl_ctx_set_max_proto(ctx, TLS1_3_VERSION)
        _ = kc_ssl_ctx_set_options(ctx, kc_server_ssl_options())
        _ = kc_ssl_ctx_set_mode(ctx, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        // Read whole records (and whatever follows) in one read(2) instead of header, then body: one system
        // call fewer per request, as nginx does. Safe with edge-triggered epoll because a connection reads
        // until SSL_read wants more, and resuming a paused connection reads before waiting on epoll.
        kc_ssl_ctx_set_read_ahead(ctx, 1)
        guard SSL_CTX_set_cipher_list(ctx, Self.tls12Ciphers) == 1 else {
            throw TLSError(message: "cannot set the TLS 1.2 cipher list: \(Self.lastError())")
        }
        guard SSL_CTX_set_ciphersuites(ctx, Self.tls13Ciphersuites) == 1 else {
            throw TLSError(message: "cannot set the TLS 1.3 cipher suites: \(Self.lastError())")
        }
        _ = kc_ssl_ctx_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_SERVER))
        SSL_CTX_sess_set_cache_size_shim(ctx, Self.sessionCacheSize)
        let sessionContext = Array("kube-console".utf8)
        _ = SSL_CTX_set_session_id_context(ctx, sessionContext, UInt32(sessionContext.count))
        SSL_CTX_set_alpn_select_cb(
            ctx,
            { _, out, outLength, offered, offeredLength, _ in
                // Prefer http/1.1 whatever the client lists first (kubectl offers h2 too).
                guard let offered, let out, let outLength else { return kc_ssl_tlsext_err_noack() }
                var i = 0
                while i < Int(offeredLength) {
                    let length = Int(offered[i])
                    if i + 1 + length <= Int(offeredLength), length == 8,
                        Array(UnsafeBufferPointer(start: offered + i + 1, count: 8)) == Array("http/1.1".utf8)
                    {
                        out.pointee = offered + i + 1
                        outLength.pointee = 8
                        return kc_ssl_tlsext_err_ok()
                    }
                    i += 1 + length
                }
                return kc_ssl_tlsext_err_noack()
            }, nil)

        guard SSL_CTX_use_certificate_chain_file(ctx, certificateFile) == 1 else {
            throw TLSError(
                message: "cannot load the TLS certificate \(certificateFile) (--tls-cert-file): \(Self.lastError())")
        }
        guard SSL_CTX_use_PrivateKey_file(ctx, privateKeyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError(
                message:
                    "cannot load the TLS private key \(privateKeyFile) (--tls-private-key-file): \(Self.lastError())")
        }
        guard SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSError(
                message:
                    "the private key \(privateKeyFile) does not match the certificate \(certificateFile): \(Self.lastError())"
            )
        }
        if let clientCAFile {
            guard SSL_CTX_load_verify_locations(ctx, clientCAFile, nil) == 1,
                let names = SSL_load_client_CA_file(clientCAFile)
            else {
                throw TLSError(
                    message: "cannot load the client CA \(clientCAFile) (--client-ca-file): \(Self.lastError())")
            }
            SSL_CTX_set_client_CA_list(ctx, names)
            // Ask for a certificate but finish the handshake whatever it is: the authenticator turns a bad
            // one into a 401 with its reason (untrusted, expired), which an operator can see.
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, { _, _ in 1 })
        }
    }

    deinit { SSL_CTX_free(context) }

    public func makeTransport(fd: Int32) -> ConnectionTransport { TLSTransport(context: context, fd: fd) }
    public var isSecure: Bool { true }

    /// OpenSSL's error queue as one line (and cleared).
    static func lastError() -> String {
        let messages = OpenSSLErrorQueue.drain()
        if messages.isEmpty { return errno != 0 ? String(cString: strerror(errno)) : "unknown error" }
        return messages.joined(separator: "; ")
    }
}

/// SSL_CTX_sess_set_cache_size is a macro over SSL_CTX_ctrl.
@inline(__always)
func SSL_CTX_sess_set_cache_size_shim(_ ctx: OpaquePointer, _ size: Int) {
    _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_SIZE, size, nil)
}
