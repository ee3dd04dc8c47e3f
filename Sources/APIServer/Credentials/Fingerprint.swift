import COpenSSL

/// How a secret is shown: the first 8 hex digits of its SHA-256. Logs, the console and error messages
/// use this and nothing else, so a full token never leaves the token file and the one reply that
/// hands it out.
public enum Fingerprint {
    /// Hex digits kept: 32 bits tell tokens apart on a screen and reveal nothing usable.
    public static let length = 8

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        guard let digest = SHA256Digest.of(bytes) else { return "" }
        return hex(digest)
    }

    public static func of(_ secret: String) -> String {
        String(sha256Hex(Array(secret.utf8)).prefix(length))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One-shot SHA-256 through OpenSSL (`kc_sha256` in the shim says why not EVP).
enum SHA256Digest {
    static let byteCount = 32

    /// Nil only if OpenSSL itself fails.
    static func of(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var digest = [UInt8](repeating: 0, count: byteCount)
        let ok = digest.withUnsafeMutableBufferPointer { output in
            kc_sha256(input.baseAddress, input.count, output.baseAddress)
        }
        return ok == 1 ? digest : nil
    }

    static func of(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBytes { of($0) }
    }
}

/// The SHA-256 of a secret: the only form in which tables hold a secret as a key.
///
/// Equality is constant-time (CRYPTO_memcmp), so a dictionary keyed by digests compares candidates
/// without an early exit; the bucket it probes depends only on the digest's hash, which an attacker
/// cannot steer towards a stored token without a SHA-256 preimage.
struct SecretDigest: Hashable, Sendable {
    /// 32 bytes; empty if hashing failed, and an empty digest equals nothing, not even itself.
    let bytes: [UInt8]

    init(of secret: String) {
        var secret = secret
        bytes = secret.withUTF8 { SHA256Digest.of(UnsafeRawBufferPointer($0)) } ?? []
    }

    var fingerprint: String {
        bytes.isEmpty ? String(repeating: "?", count: Fingerprint.length)
            : String(Fingerprint.hex(bytes.prefix(Fingerprint.length / 2)))
    }

    static func == (a: SecretDigest, b: SecretDigest) -> Bool {
        guard a.bytes.count == SHA256Digest.byteCount, b.bytes.count == SHA256Digest.byteCount else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, SHA256Digest.byteCount) == 0 }
        }
    }

    /// The digest's first eight bytes: uniformly distributed already, and hashing all 32 byte by byte was a
    /// visible cost of every authenticated request.
    func hash(into hasher: inout Hasher) {
        var word: UInt64 = 0
        for byte in bytes.prefix(8) { word = word << 8 | UInt64(byte) }
        hasher.combine(word)
    }
}
