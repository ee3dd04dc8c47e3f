/// Percent-decoding and query splitting as Go's net/url does them, so that attributes are derived from the
/// same strings kube-apiserver would see (`URL.Path`, `URL.Query()`).
enum URLDecoding {
    /// The decoded path, like Go's `URL.Path`. A malformed escape (Go refuses such a URL with 400) leaves the
    /// path as sent, so the result is still a deterministic string nothing percent-decodes into.
    static func path(_ raw: Substring) -> String {
        unescape(raw, plusIsSpace: false) ?? String(raw)
    }

    /// The values of `key` in `query`, in order, like `URL.Query()[key]`. Pairs Go's `ParseQuery` rejects
    /// (a `;` in them, a malformed escape) are skipped, as `Query()` drops them.
    static func queryValues(_ query: Substring?, key: String) -> [String] {
        guard let query else { return [] }
        // Bytes, not Characters: a combining mark must not glue "&" or "=" to its neighbour. Every option
        // lookup of every request comes here, so the query is scanned in place and only values kept are
        // decoded into strings.
        var key = key
        let found = key.withUTF8 { wanted in
            query.utf8.withContiguousStorageIfAvailable { queryValues(in: $0, key: wanted) }
        }
        return found ?? queryValues(in: Array(query.utf8), key: key)
    }

    private static func queryValues(in bytes: [UInt8], key: String) -> [String] {
        var key = key
        return key.withUTF8 { wanted in bytes.withUnsafeBufferPointer { queryValues(in: $0, key: wanted) } }
    }

    private static func queryValues(in bytes: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>) -> [String] {
        var values: [String] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            defer { start = end + 1 }
            let pair = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard !pair.isEmpty, !pair.contains(UInt8(ascii: ";")) else { continue }
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.count
            let rawKey = UnsafeBufferPointer(rebasing: pair[..<equals])
            let rawValue = UnsafeBufferPointer(rebasing: pair[min(equals + 1, pair.count)...])
            if rawKey.contains(UInt8(ascii: "%")) || rawKey.contains(UInt8(ascii: "+")) {
                guard let decoded = unescape(rawKey, plusIsSpace: true), decoded.utf8.elementsEqual(key) else {
                    continue
                }
            } else {
                guard rawKey.elementsEqual(key) else { continue }
            }
            guard let value = unescape(rawValue, plusIsSpace: true) else { continue }
            values.append(value)
        }
        return values
    }

    /// A scan of the contiguous bytes when there are some (always, for strings read off the wire): the
    /// generic `contains` walks a Substring's UTF-8 view index by index, a visible cost per request.
    private static func contains(_ byte: UInt8, in utf8: Substring.UTF8View) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// `%XX` decoding of bytes; nil when an escape is malformed.
    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    return nil
                }
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%XX` decoding; nil when an escape is malformed. Decoded bytes that are not UTF-8 become U+FFFD.
    static func unescape(_ s: Substring, plusIsSpace: Bool) -> String? {
        let utf8 = s.utf8
        guard contains(UInt8(ascii: "%"), in: utf8) || (plusIsSpace && contains(UInt8(ascii: "+"), in: utf8)) else {
            return String(s)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%") {
                let h = utf8.index(after: i)
                guard h < utf8.endIndex else { return nil }
                let l = utf8.index(after: h)
                guard l < utf8.endIndex, let hi = hexValue(utf8[h]), let lo = hexValue(utf8[l]) else { return nil }
                bytes.append(hi << 4 | lo)
                i = utf8.index(after: l)
                continue
            }
            bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            i = utf8.index(after: i)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
