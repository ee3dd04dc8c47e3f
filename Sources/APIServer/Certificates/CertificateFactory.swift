import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Issues the certificates a first run needs: a self-signed CA and, signed by it, the serving certificate
/// (and client certificates, for tests and operators).
public enum CertificateFactory {
    public enum Usage: Sendable { case authority, server, client }

    /// `subjectAltNames` entries are host names or IP addresses (told apart by parsing).
    public static func issue(
        commonName: String, organizations: [String] = [], usage: Usage, subjectAltNames: [String] = [],
        days: Int, key: PrivateKey, issuer: (Certificate, PrivateKey)?
    ) throws(CertificateError) -> Certificate {
        guard let cert = X509_new() else { throw .openSSL("X509_new") }
        let certificate = Certificate(cert)
        X509_set_version(cert, 2)
        try setRandomSerial(cert)
        // Valid from an hour ago, so a clock slightly behind ours still accepts it.
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600)
        X509_gmtime_adj(X509_getm_notAfter(cert), days * 86_400)
        guard X509_set_pubkey(cert, key.pointer) == 1, let name = X509_NAME_new() else {
            throw .openSSL("X509_set_pubkey")
        }
        defer { X509_NAME_free(name) }
        for organization in organizations { add(name, "O", organization) }
        add(name, "CN", commonName)
        X509_set_subject_name(cert, name)
        X509_set_issuer_name(cert, issuer.map { X509_get_subject_name($0.0.pointer) } ?? name)

        var extensions: [(Int32, String)] = [(NID_subject_key_identifier, "hash")]
        switch usage {
        case .authority:
            extensions += [
                (NID_basic_constraints, "critical,CA:TRUE"),
                (NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"),
            ]
        case .server:
            extensions += [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                (NID_ext_key_usage, "serverAuth"),
            ]
        case .client:
            extensions += [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                (NID_ext_key_usage, "clientAuth"),
            ]
        }
        if issuer != nil { extensions.append((NID_authority_key_identifier, "keyid:always")) }
        if !subjectAltNames.isEmpty {
            let sans = subjectAltNames.map { IPAddress.isValid($0) ? "IP:\($0)" : "DNS:\($0)" }
            extensions.append((NID_subject_alt_name, sans.joined(separator: ",")))
        }
        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, issuer?.0.pointer ?? cert, cert, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else {
                throw .openSSL("certificate extension \(value)")
            }
            X509_add_ext(cert, ext, -1)
            X509_EXTENSION_free(ext)
        }
        guard X509_sign(cert, (issuer?.1 ?? key).pointer, EVP_sha256()) > 0 else {
            throw .openSSL("signing the certificate for \(commonName)")
        }
        return certificate
    }

    private static func add(_ name: OpaquePointer, _ field: String, _ value: String) {
        let bytes = Array(value.utf8)
        X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0)
    }

    private static func setRandomSerial(_ cert: OpaquePointer) throws(CertificateError) {
        guard let bn = BN_new() else { throw .openSSL("BN_new") }
        defer { BN_free(bn) }
        guard BN_rand(bn, 127, 0, 0) == 1, BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nil else {
            throw .openSSL("a random serial number")
        }
    }
}
