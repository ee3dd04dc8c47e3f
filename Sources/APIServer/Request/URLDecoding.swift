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
        var values: [String] = []
        // Bytes, not Characters: a combining mark must not glue "&" or "=" to its neighbour.
        for pairBytes in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if pairBytes.contains(UInt8(ascii: ";")) { continue }
            let pair = Substring(pairBytes)
            let rawKey: Substring
            let rawValue: Substring
            if let equals = pairBytes.firstIndex(of: UInt8(ascii: "=")) {
                rawKey = Substring(pairBytes[..<equals])
                rawValue = Substring(pairBytes[pairBytes.index(after: equals)...])
            } else {
                rawKey = pair
                rawValue = ""
            }
            guard let k = unescape(rawKey, plusIsSpace: true), k == key,
                  let v = unescape(rawValue, plusIsSpace: true) else { continue }
            values.append(v)
        }
        return values
    }

    /// A scan of the contiguous bytes when there are some (always, for strings read off the wire): the
    /// generic `contains` walks a Substring's UTF-8 view index by index, a visible cost per request.
    private static func contains(_ byte: UInt8, in utf8: Substring.UTF8View) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
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
