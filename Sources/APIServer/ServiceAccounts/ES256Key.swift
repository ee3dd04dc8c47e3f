import COpenSSL
import KubeAPI

/// An ECDSA P-256 key for service account tokens (JOSE `ES256`): the private key that signs them, or a
/// public key that verifies them. kube-apiserver accepts RSA keys as well; this server signs and verifies
/// with P-256 only, so a key file of another kind is refused when it is loaded.
public final class ES256Key: @unchecked Sendable {
    /// The EVP_PKEY; OpenSSL allows concurrent signing and verifying with one key (each call has its own
    /// context), and nothing changes it after init.
    let pointer: OpaquePointer
    public let isPrivate: Bool
    /// The DER SubjectPublicKeyInfo: what the key ID is computed from.
    public let publicKeyDER: [UInt8]

    /// The DER SubjectPublicKeyInfo of every P-256 key starts with these 26 bytes (the algorithm and curve
    /// identifiers and the BIT STRING header); the uncompressed point 04 || X || Y follows.
    static let p256InfoPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ]
    static let coordinateBytes = 32

    /// Takes ownership of `pointer`; refuses (and frees) anything but a P-256 key.
    init(_ pointer: OpaquePointer, isPrivate: Bool, source: String) throws(CertificateError) {
        var der: [UInt8] = []
        let length = i2d_PUBKEY(pointer, nil)
        if length > 0 {
            der = [UInt8](repeating: 0, count: Int(length))
            _ = der.withUnsafeMutableBufferPointer { buffer in
                var cursor = buffer.baseAddress
                return i2d_PUBKEY(pointer, &cursor)
            }
        }
        guard der.count == Self.p256InfoPrefix.count + 1 + 2 * Self.coordinateBytes,
            der.starts(with: Self.p256InfoPrefix)
        else {
            EVP_PKEY_free(pointer)
            ERR_clear_error()
            throw CertificateError(
                message: "\(source): not an ECDSA P-256 key (service account tokens are signed with ES256)")
        }
        self.pointer = pointer
        self.isPrivate = isPrivate
        publicKeyDER = der
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A new private key.
    public static func generate() throws(CertificateError) -> ES256Key {
        let key = try PrivateKey.generateP256()
        guard EVP_PKEY_up_ref(key.pointer) == 1 else { throw .openSSL("EVP_PKEY_up_ref") }
        return try ES256Key(key.pointer, isPrivate: true, source: "generated key")
    }

    /// kube's keyIDFromPublicKey: base64url of the SHA-256 of the DER public key. Tokens carry it as `kid`
    /// and the JWKS publishes it, so a verifier picks the right key without trying them all.
    public var keyID: String { Base64URL.encode(SHA256Digest.of(publicKeyDER) ?? []) }

    /// The public key as a JWK, fields in go-jose's order, as /openid/v1/jwks lists it.
    public var jwk: JSONValue {
        let point = publicKeyDER.dropFirst(Self.p256InfoPrefix.count + 1)
        return .object([
            ("use", .string("sig")), ("kty", .string("EC")), ("kid", .string(keyID)), ("crv", .string("P-256")),
            ("alg", .string("ES256")), ("x", .string(Base64URL.encode(point.prefix(Self.coordinateBytes)))),
            ("y", .string(Base64URL.encode(point.suffix(Self.coordinateBytes)))),
        ])
    }

    /// The private key in PKCS#8 PEM (empty for a public key).
    public var privatePEM: [UInt8] {
        isPrivate ? PEMFile.write { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) } : []
    }

    public var publicPEM: [UInt8] {
        PEMFile.write { PEM_write_bio_PUBKEY($0, pointer) }
    }
}
