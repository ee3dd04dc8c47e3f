/// PackedMetadata's byte layout: lengths, strings and the UUID form of a uid.
extension PackedMetadata {
    /// Reads the packed bytes front to back.
    struct Reader {
        private let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { offset >= bytes.count }

        mutating func byte() -> UInt8 {
            guard offset < bytes.count else { return 0 }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func skip(_ count: Int) { offset = min(bytes.count, offset + count) }

        mutating func length() -> Int {
            var value = 0, shift = 0
            while offset < bytes.count {
                let b = bytes[offset]
                offset += 1
                value |= Int(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return value
        }

        mutating func string() -> String {
            let count = length()
            let end = min(bytes.count, offset + count)
            defer { offset = end }
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }

        mutating func skipString() { skip(length()) }

        /// Reads past one string and tells whether it was `wanted`.
        mutating func consumeString(equalTo wanted: UnsafeBufferPointer<UInt8>) -> Bool {
            let count = length()
            let end = min(bytes.count, offset + count)
            defer { offset = end }
            return end - offset == wanted.count && bytes[offset..<end].elementsEqual(wanted)
        }
    }

    /// The exact size, so the array is allocated once and holds no spare capacity.
    static func packedSize(uid: String, labels: [String: String], fields: [String: String]) -> Int {
        var size = 1 + (uuidBytes(uid) == nil ? stringSize(uid) : 16) + lengthSize(labels.count)
        for (key, value) in labels { size += stringSize(key) + stringSize(value) }
        for (key, value) in fields { size += stringSize(key) + stringSize(value) }
        return size
    }

    private static func stringSize(_ string: String) -> Int { lengthSize(string.utf8.count) + string.utf8.count }

    private static func lengthSize(_ length: Int) -> Int {
        var size = 1, rest = length
        while rest >= 0x80 {
            size += 1
            rest >>= 7
        }
        return size
    }

    static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        var rest = length
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    static func append(_ string: String, to bytes: inout [UInt8]) {
        appendLength(string.utf8.count, to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }

    /// The 16 bytes of a uid written as a lowercase canonical UUID (8-4-4-4-12 hex digits), which comes back
    /// exactly as it was; nil for any other uid.
    static func uuidBytes(_ uid: String) -> [UInt8]? {
        let utf8 = uid.utf8
        guard utf8.count == 36 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        var high: UInt8?
        for (i, c) in utf8.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        return out
    }

    static func uuidString(_ bytes: ArraySlice<UInt8>) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
