import COpenSSL

/// Signing and verifying in JOSE's form: an ES256 signature is r || s, each 32 bytes big-endian (RFC 7518
/// §3.4), where OpenSSL speaks DER `ECDSA-Sig-Value`; these convert at the boundary.
extension ES256Key {
    static let signatureBytes = 2 * coordinateBytes

    /// The JOSE signature of `message` (SHA-256, then ECDSA with this private key).
    public func sign(_ message: [UInt8]) throws(CertificateError) -> [UInt8] {
        guard isPrivate else { throw CertificateError(message: "a public key cannot sign") }
        guard let ctx = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        var length = 0
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pointer) == 1,
            EVP_DigestSign(ctx, nil, &length, message, message.count) == 1
        else { throw .openSSL("ES256 signing") }
        var der = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &der, &length, message, message.count) == 1 else { throw .openSSL("ES256 signing") }
        guard let raw = Self.joseSignature(fromDER: Array(der.prefix(length))) else {
            throw .openSSL("ES256 signature encoding")
        }
        return raw
    }

    /// Whether `signature` (r || s) is this key's signature of `message`. Never throws: a bad signature is
    /// just false, and OpenSSL's error queue is left empty for the TLS code on the same thread.
    public func verify(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureBytes, let der = Self.derSignature(fromJOSE: signature),
            let ctx = EVP_MD_CTX_new()
        else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        let ok =
            EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, pointer) == 1
            && EVP_DigestVerify(ctx, der, der.count, message, message.count) == 1
        if !ok { ERR_clear_error() }
        return ok
    }

    static func joseSignature(fromDER der: [UInt8]) -> [UInt8]? {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let sig = parsed else { ERR_clear_error(); return nil }
        defer { ECDSA_SIG_free(sig) }
        var r: OpaquePointer?, s: OpaquePointer?
        ECDSA_SIG_get0(sig, &r, &s)
        var out = [UInt8](repeating: 0, count: signatureBytes)
        let written = out.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, Int32(coordinateBytes))
                + BN_bn2binpad(s, buffer.baseAddress! + coordinateBytes, Int32(coordinateBytes))
        }
        return written == Int32(signatureBytes) ? out : nil
    }

    static func derSignature(fromJOSE raw: [UInt8]) -> [UInt8]? {
        guard raw.count == signatureBytes, let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let (r, s) = raw.withUnsafeBufferPointer { buffer in
            (
                BN_bin2bn(buffer.baseAddress, Int32(coordinateBytes), nil),
                BN_bin2bn(buffer.baseAddress! + coordinateBytes, Int32(coordinateBytes), nil)
            )
        }
        // ECDSA_SIG_set0 takes ownership of both numbers, or of neither when it fails.
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(sig, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        _ = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(sig, &cursor)
        }
        return der
    }
}
