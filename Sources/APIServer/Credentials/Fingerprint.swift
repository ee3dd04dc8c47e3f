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
