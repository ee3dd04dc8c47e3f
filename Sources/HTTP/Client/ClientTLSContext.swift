import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The client side of TLS (one OpenSSL SSL_CTX): TLS 1.2 or 1.3, the server's certificate verified against
/// a CA bundle (or the system's) and matched to the host name or address dialled, optionally a client
/// certificate. The server side (`TLSContext`) runs non-blocking on the I/O loops; a client connection is
/// driven by its own thread, so this context only makes the per-connection SSL objects.
public final class ClientTLSContext: @unchecked Sendable {  // SSL_CTX is safe to share once configured
    let context: OpaquePointer

    /// `caFile` nil: the system's trust store. Certificate and key come together or not at all.
    public init(caFile: String?, certificateFile: String?, privateKeyFile: String?) throws(TLSError) {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw TLSError(message: "cannot create a TLS context: \(TLSContext.lastError())")
        }
        context = ctx
        _ = kc_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION)
        _ = kc_ssl_ctx_set_max_proto(ctx, TLS1_3_VERSION)
        guard SSL_CTX_set_cipher_list(ctx, TLSContext.tls12Ciphers) == 1 else {
            throw TLSError(message: "cannot set the TLS 1.2 cipher list: \(TLSContext.lastError())")
        }
        // Offer only http/1.1: servers that also speak h2 (etcd's client port serves gRPC beside the
        // JSON gateway) must not pick it.
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_CTX_set_alpn_protos(ctx, alpn, UInt32(alpn.count))
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
                throw TLSError(message: "cannot load the CA bundle \(caFile): \(TLSContext.lastError())")
            }
        } else {
            _ = SSL_CTX_set_default_verify_paths(ctx)
        }
        switch (certificateFile, privateKeyFile) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            guard SSL_CTX_use_certificate_chain_file(ctx, certificate) == 1 else {
                throw TLSError(message: "cannot load the client certificate \(certificate): \(TLSContext.lastError())")
            }
            guard SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1 else {
                throw TLSError(message: "cannot load the client key \(key): \(TLSContext.lastError())")
            }
            guard SSL_CTX_check_private_key(ctx) == 1 else {
                throw TLSError(
                    message:
                        "the client key \(key) does not match the certificate \(certificate): \(TLSContext.lastError())"
                )
            }
        default:
            throw TLSError(message: "a client certificate needs its key and a key its certificate")
        }
    }

    deinit { SSL_CTX_free(context) }

    /// An SSL object for `fd` that will verify the server as `host`: SNI and name check for a DNS name,
    /// an IP check for an address literal.
    func makeSSL(fd: Int32, host: String) -> OpaquePointer? {
        guard let ssl = SSL_new(context) else { return nil }
        SSL_set_fd(ssl, fd)
        if Self.isAddressLiteral(host) {
            _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = kc_ssl_set_tlsext_host_name(ssl, host)
            _ = SSL_set1_host(ssl, host)
        }
        return ssl
    }

    static func isAddressLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
