import KubeAPI

/// JSON Web Tokens in compact serialization (RFC 7519), signed ES256: `header.payload.signature`, each part
/// base64url. Signing writes the header kube-apiserver's go-jose writes (`{"alg":"ES256","kid":…}`);
/// parsing only takes a token apart, and verifying is the caller's next step.
enum JWT {
    static let algorithm = "ES256"

    /// A token taken apart, nothing about it checked yet.
    struct Parts {
        var header: JSONValue
        var payload: JSONValue
        /// `header.payload` as sent: the bytes the signature covers.
        var signingInput: [UInt8]
        var signature: [UInt8]

        var algorithm: String? { header["alg"]?.string }
        var keyID: String? { header["kid"]?.string }
    }

    static func sign(_ payload: JSONValue, with key: ES256Key) throws(CertificateError) -> String {
        let header = JSONValue.object([("alg", .string(algorithm)), ("kid", .string(key.keyID))])
        let input = Base64URL.encode(header.bytes) + "." + Base64URL.encode(payload.bytes)
        let signature = try key.sign(Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// Nil unless `token` is three base64url parts whose first two are JSON objects.
    static func parse(_ token: Substring) -> Parts? {
        let utf8 = token.utf8
        let pieces = utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 3, let headerBytes = Base64URL.decode(pieces[0]),
            let payloadBytes = Base64URL.decode(pieces[1]),
            let signature = Base64URL.decode(pieces[2]),
            let header = try? JSONParser.parse(headerBytes), header.members != nil,
            let payload = try? JSONParser.parse(payloadBytes), payload.members != nil
        else { return nil }
        let signingInput = Array(utf8[pieces[0].startIndex..<pieces[1].endIndex])
        return Parts(header: header, payload: payload, signingInput: signingInput, signature: signature)
    }
}
