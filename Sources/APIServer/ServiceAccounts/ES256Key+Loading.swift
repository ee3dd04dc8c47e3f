import COpenSSL

/// Reading keys from PEM files as kube-apiserver's flags take them: `--service-account-signing-key-file` a
/// private key, `--service-account-key-file` any mix of public keys, private keys and certificates.
extension ES256Key {
    /// The one private key in a PEM file.
    public static func loadPrivate(path: String) throws(CertificateError) -> ES256Key {
        let key = try PrivateKey.load(path: path)
        guard EVP_PKEY_up_ref(key.pointer) == 1 else { throw .openSSL("EVP_PKEY_up_ref") }
        return try ES256Key(key.pointer, isPrivate: true, source: path)
    }

    /// Every key in a PEM file (keyutil.ParsePublicKeysPEM): PUBLIC KEY, PRIVATE KEY, EC PRIVATE KEY and
    /// CERTIFICATE blocks, each kept as its public half. A file with none, or with a key that is not
    /// P-256, is refused.
    public static func loadPublic(path: String) throws(CertificateError) -> [ES256Key] {
        let pem = try PEMFile.read(path)
        guard let bio = BIO_new_mem_buf(pem, Int32(pem.count)) else { throw .openSSL("BIO_new_mem_buf") }
        defer { BIO_free(bio) }
        var keys: [ES256Key] = []
        while true {
            var name: UnsafeMutablePointer<CChar>?, header: UnsafeMutablePointer<CChar>?,
                data: UnsafeMutablePointer<UInt8>?
            var length = 0
            guard PEM_read_bio(bio, &name, &header, &data, &length) == 1 else { break }
            defer { kc_openssl_free(name); kc_openssl_free(header); kc_openssl_free(data) }
            let block = name.map { String(cString: $0) } ?? ""
            guard let key = try publicKey(block: block, der: data, length: length, source: path) else { continue }
            keys.append(key)
        }
        ERR_clear_error()  // the reader's "no start line" at the end of the file
        guard !keys.isEmpty else {
            throw CertificateError(message: "\(path): no public key, private key or certificate found")
        }
        return keys
    }

    /// The key of one PEM block, or nil for blocks that hold none (parameters, say).
    private static func publicKey(
        block: String, der: UnsafeMutablePointer<UInt8>?, length: Int,
        source: String
    ) throws(CertificateError) -> ES256Key? {
        var cursor = UnsafePointer(der)
        let pkey: OpaquePointer?
        switch block {
        case "PUBLIC KEY":
            pkey = d2i_PUBKEY(nil, &cursor, length)
        case "PRIVATE KEY", "EC PRIVATE KEY":
            pkey = d2i_AutoPrivateKey(nil, &cursor, length)
        case "CERTIFICATE":
            guard let cert = d2i_X509(nil, &cursor, length) else { throw .openSSL("\(source): reading a certificate") }
            defer { X509_free(cert) }
            pkey = X509_get_pubkey(cert)
        case "RSA PRIVATE KEY", "RSA PUBLIC KEY":
            throw CertificateError(
                message: "\(source): an RSA key; service account tokens here are ES256, so keys must be ECDSA P-256")
        default:
            return nil
        }
        guard let pkey else { throw .openSSL("\(source): reading a \(block) block") }
        return try ES256Key(pkey, isPrivate: false, source: source)
    }
}
