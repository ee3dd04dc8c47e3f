/// Media types the API reads and writes.
enum MediaType {
    static let json = "application/json"
    static let protobuf = "application/vnd.kubernetes.protobuf"

    /// The type part of a Content-Type, lower-cased, parameters dropped. Every write asks, so ASCII
    /// headers (all real ones) are done on their bytes; Foundation's trimming was a few percent of a create.
    static func essence(_ header: String?) -> String {
        guard var header else { return "" }
        let ascii = header.withUTF8 { bytes -> String? in
            // The first non-empty piece between semicolons, as split(separator:) finds it.
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: ";") { start += 1 }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard !bytes[start..<end].contains(where: { $0 >= 0x80 }) else { return nil }
            let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            while start < end, blank(bytes[start]) { start += 1 }
            while end > start, blank(bytes[end - 1]) { end -= 1 }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let upper: (UInt8) -> Bool = { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            guard piece.contains(where: upper) else { return String(decoding: piece, as: UTF8.self) }
            return String(decoding: piece.map { upper($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        return ascii ?? String(header.split(separator: ";").first ?? "").trimmingWhitespace().lowercased()
    }
}
