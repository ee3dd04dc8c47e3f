import COpenSSL

/// Randomness from OpenSSL's CSPRNG.
public enum SecureRandom {
    /// Nil when OpenSSL cannot seed itself: callers must refuse to make a secret rather than fall back.
    public static func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= Int(Int32.max) else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        if count == 0 { return out }
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        return ok == 1 ? out : nil
    }

    /// A new bearer token: 256 random bits as 64 lowercase hex digits. Hex rather than base64url because
    /// it needs no quoting in the CSV file, in YAML (kubeconfig) or in a shell, and never starts with
    /// `-` (which a command line would read as an option).
    public static func token() -> String? {
        bytes(32).map { Fingerprint.hex($0) }
    }
}
