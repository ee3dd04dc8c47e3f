#ifndef KUBE_CONSOLE_COPENSSL_SHIM_H
#define KUBE_CONSOLE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/crypto.h>

// Macros Swift cannot import, as functions.
static inline long kc_ssl_ctx_set_min_proto(SSL_CTX *ctx, int v) { return SSL_CTX_set_min_proto_version(ctx, v); }
static inline long kc_ssl_ctx_set_max_proto(SSL_CTX *ctx, int v) { return SSL_CTX_set_max_proto_version(ctx, v); }
static inline long kc_ssl_ctx_set_mode(SSL_CTX *ctx, long m) { return SSL_CTX_set_mode(ctx, m); }
static inline uint64_t kc_ssl_ctx_set_options(SSL_CTX *ctx, uint64_t o) { return SSL_CTX_set_options(ctx, o); }
static inline void kc_ssl_ctx_set_read_ahead(SSL_CTX *ctx, int yes) { SSL_CTX_set_read_ahead(ctx, yes); }
static inline long kc_ssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long m) { return SSL_CTX_set_session_cache_mode(ctx, m); }
static inline long kc_ssl_set_tlsext_host_name(SSL *s, const char *name) { return SSL_set_tlsext_host_name(s, name); }
// The server's SSL_OP_* set (the macros are 64-bit casts Swift cannot import).
static inline uint64_t kc_server_ssl_options(void) {
    return SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION;
}
static inline unsigned long kc_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }
static inline long kc_bio_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void kc_openssl_free(void *p) { OPENSSL_free(p); }
static inline int kc_ssl_tlsext_err_ok(void) { return SSL_TLSEXT_ERR_OK; }
static inline int kc_ssl_tlsext_err_noack(void) { return SSL_TLSEXT_ERR_NOACK; }
// Notes in the flag given to kc_ssl_set_fd_noting_short_reads whether the last read(2) under an SSL came back short
// of what OpenSSL asked for (or with nothing): the socket was empty then, so on edge-triggered epoll the
// next bytes bring a new edge and the server can skip the SSL_read that would only say WANT_READ.
static inline long kc_short_read_callback(BIO *b, int oper, const char *argp, size_t len, int argi, long argl,
                                          int ret, size_t *processed) {
    (void)argp; (void)argi; (void)argl;
    if (oper == (BIO_CB_READ | BIO_CB_RETURN)) {
        unsigned char *flag = (unsigned char *)BIO_get_callback_arg(b);
        if (flag) *flag = ret <= 0 || (processed != NULL && *processed < len);
    }
    return ret;
}
// SSL_set_fd with a read BIO of its own that notes short reads in *flag (the write BIO stays without a
// callback: OpenSSL calls BIO_ctrl on it many times per record, a callback there cost ~900 instructions).
static inline int kc_ssl_set_fd_noting_short_reads(SSL *s, int fd, unsigned char *flag) {
    BIO *rbio = BIO_new_socket(fd, BIO_NOCLOSE);
    BIO *wbio = BIO_new_socket(fd, BIO_NOCLOSE);
    if (rbio == NULL || wbio == NULL) {
        BIO_free(rbio);
        BIO_free(wbio);
        return 0;
    }
    BIO_set_callback_arg(rbio, (char *)flag);
    BIO_set_callback_ex(rbio, kc_short_read_callback);
    SSL_set_bio(s, rbio, wbio);
    return 1;
}
// SHA-256 of a short input without the EVP machinery: EVP_Digest fetches the algorithm from the provider
// and allocates a context on every call, several times the cost of hashing a 64-byte token, and the
// secure port hashes one bearer token per request. The one-shot SHA256() goes through EVP_Q_digest in
// OpenSSL 3, so this uses the low-level calls (deprecated, not removed, in 3.x).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline int kc_sha256(const void *data, size_t length, unsigned char out[32]) {
    SHA256_CTX ctx;
    if (SHA256_Init(&ctx) != 1) return 0;
    if (length > 0 && SHA256_Update(&ctx, data, length) != 1) return 0;
    return SHA256_Final(out, &ctx);
}
#pragma GCC diagnostic pop
#endif
