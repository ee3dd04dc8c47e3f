/// Labels and fields as a blob: sorted pairs, each string length-prefixed (4 bytes, little-endian), so
/// any character is safe and equal maps encode equally.
enum StringMapCoding {
    static func encode(_ map: [String: String]) -> [UInt8] {
        guard !map.isEmpty else { return [] }
        var out: [UInt8] = []
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            append(key, to: &out)
            append(value, to: &out)
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [String: String] {
        var map: [String: String] = [:]
        var offset = 0
        while let key = read(bytes, &offset), let value = read(bytes, &offset) { map[key] = value }
        return map
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(string.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: string.utf8)
    }

    private static func read(_ bytes: [UInt8], _ offset: inout Int) -> String? {
        guard offset + 4 <= bytes.count else { return nil }
        let count =
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3])
            << 24
        offset += 4
        guard offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }
}
