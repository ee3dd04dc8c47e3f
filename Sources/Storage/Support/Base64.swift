/// Standard padded base64 (RFC 4648 §4), as etcd's JSON gateway writes and reads bytes fields.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { out in
            alphabet.withUnsafeBufferPointer { alphabet in
                var i = 0, o = 0
                while i < bytes.count {
                    let n = min(3, bytes.count - i)
                    var chunk = UInt32(bytes[i]) << 16
                    if n > 1 { chunk |= UInt32(bytes[i + 1]) << 8 }
                    if n > 2 { chunk |= UInt32(bytes[i + 2]) }
                    for j in 0..<4 {
                        out[o + j] = j <= n ? alphabet[Int((chunk >> UInt32(18 - 6 * j)) & 63)] : UInt8(ascii: "=")
                    }
                    i += 3
                    o += 4
                }
            }
            return length
        }
    }

    /// Either alphabet, padded or not. By a table over the text's bytes: every etcd value arrives so, and
    /// a switch per character cost a watch event more than parsing the rest of its JSON.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3 + 3)
        var chunk: UInt32 = 0, bits = 0
        let values = Self.values
        for c in text {
            let v = values[Int(c)]
            if v >= 64 {
                if v == padding { continue }
                return nil
            }
            chunk = chunk << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: chunk >> UInt32(bits)))
            }
        }
        return out
    }

    private static let invalid: UInt8 = 0xFF, padding: UInt8 = 0xFE

    /// Byte → its 6 bits, for both alphabets; `padding` for '=', `invalid` for the rest.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()
}
