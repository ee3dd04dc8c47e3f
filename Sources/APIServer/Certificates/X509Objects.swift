import COpenSSL
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Why a key or certificate could not be made, read or written.
public struct CertificateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    static func openSSL(_ what: String) -> CertificateError {
        let messages = OpenSSLErrorQueue.drain()
        return CertificateError(message: messages.isEmpty ? what : "\(what): \(messages.joined(separator: "; "))")
    }
}

/// An OpenSSL private key (EVP_PKEY), freed with its owner.
public final class PrivateKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    /// A new ECDSA P-256 key.
    public static func generateP256() throws(CertificateError) -> PrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw .openSSL("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1,
            EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) == 1,
            EVP_PKEY_keygen(ctx, &key) == 1, let key
        else { throw .openSSL("generating a P-256 key") }
        return PrivateKey(key)
    }

    public static func load(path: String) throws(CertificateError) -> PrivateKey {
        let pem = try PEMFile.read(path)
        guard let bio = BIO_new_mem_buf(pem, Int32(pem.count)) else { throw .openSSL("BIO_new_mem_buf") }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
            throw .openSSL("reading the private key \(path)")
        }
        return PrivateKey(key)
    }

    public var pem: [UInt8] {
        PEMFile.write { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
    }
}

/// An OpenSSL X509 certificate.
public final class Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }

    public static func load(path: String) throws(CertificateError) -> Certificate {
        let pem = try PEMFile.read(path)
        guard let bio = BIO_new_mem_buf(pem, Int32(pem.count)) else { throw .openSSL("BIO_new_mem_buf") }
        defer { BIO_free(bio) }
        guard let cert = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw .openSSL("reading the certificate \(path)")
        }
        return Certificate(cert)
    }

    public var pem: [UInt8] {
        PEMFile.write { PEM_write_bio_X509($0, pointer) }
    }

    /// The subject as one line (`CN=kube-console-ca,O=...`).
    public var subject: String {
        guard let name = X509_get_subject_name(pointer), let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, kc_xn_flag_rfc2253())
        return PEMFile.contents(of: bio)
    }

    /// Seconds since the epoch when the certificate stops being valid.
    public var notAfter: Int64 {
        var parts = tm()
        guard let t = X509_get0_notAfter(pointer), ASN1_TIME_to_tm(t, &parts) == 1 else { return 0 }
        return Int64(timegm(&parts))
    }

    /// Whether `key` is this certificate's key.
    public func matches(_ key: PrivateKey) -> Bool { X509_check_private_key(pointer, key.pointer) == 1 }

    /// The DNS and IP subject alternative names, as `DNS:x` / `IP Address:y` text.
    public var subjectAltNames: String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        let index = X509_get_ext_by_NID(pointer, NID_subject_alt_name, -1)
        guard index >= 0, let ext = X509_get_ext(pointer, index) else { return "" }
        X509V3_EXT_print(bio, ext, 0, 0)
        return PEMFile.contents(of: bio)
    }
}

/// PEM in and out of memory BIOs.
enum PEMFile {
    static func read(_ path: String) throws(CertificateError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CertificateError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        return bytes
    }

    static func write(_ body: (OpaquePointer) -> Int32) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { return [] }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { return [] }
        return Array(contents(of: bio).utf8)
    }

    static func contents(of bio: OpaquePointer) -> String {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = kc_bio_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
