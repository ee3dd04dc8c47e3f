import COpenSSL

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

    /// A digest as `hex` writes it; nil unless 64 hex digits.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == SHA256Digest.byteCount * 2 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(SHA256Digest.byteCount)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        bytes = out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// 64 lowercase hex digits (how etcd keeps it).
    var hex: String { Fingerprint.hex(bytes) }

    var fingerprint: String {
        bytes.isEmpty
            ? String(repeating: "?", count: Fingerprint.length)
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
