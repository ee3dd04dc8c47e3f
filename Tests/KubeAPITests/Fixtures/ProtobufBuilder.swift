/// Hand-built protobuf for tests: fields by number, and the `k8s\0` envelope around a message.
enum PB {
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        return out + [UInt8(v)]
    }
    static func tag(_ number: Int, _ wire: Int) -> [UInt8] { varint(UInt64(number << 3 | wire)) }
    static func int(_ number: Int, _ value: Int64) -> [UInt8] { tag(number, 0) + varint(UInt64(bitPattern: value)) }
    static func bool(_ number: Int, _ value: Bool) -> [UInt8] { int(number, value ? 1 : 0) }
    static func bytes(_ number: Int, _ value: [UInt8]) -> [UInt8] {
        tag(number, 2) + varint(UInt64(value.count)) + value
    }
    static func string(_ number: Int, _ value: String) -> [UInt8] { bytes(number, Array(value.utf8)) }
    static func message(_ number: Int, _ fields: [UInt8]...) -> [UInt8] { bytes(number, fields.flatMap { $0 }) }
    static func entry(_ number: Int, _ key: String, _ value: [UInt8]) -> [UInt8] {
        message(number, string(1, key), value)
    }

    static func envelope(apiVersion: String, kind: String, _ raw: [UInt8], encoding: String = "") -> [UInt8] {
        [0x6B, 0x38, 0x73, 0x00] + message(1, string(1, apiVersion), string(2, kind)) + bytes(2, raw)
            + string(3, encoding) + string(4, "")
    }
}
