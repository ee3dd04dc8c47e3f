import COpenSSL

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
