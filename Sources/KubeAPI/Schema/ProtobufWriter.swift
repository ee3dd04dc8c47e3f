/// Protobuf wire format out: fields appended to one byte array (the inverse of ProtobufReader). Nested
/// messages are written into a writer of their own and appended with their length.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ number: Int, _ wire: ProtobufReader.Wire) { varint(UInt64(number << 3 | wire.rawValue)) }

    mutating func string(_ number: Int, _ value: String?) {
        guard var value else { return }
        tag(number, .bytes)
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func lengthDelimited<C: Collection>(_ number: Int, _ value: C) where C.Element == UInt8 {
        tag(number, .bytes)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func bool(_ number: Int, _ value: Bool?) {
        guard let value else { return }
        tag(number, .varint)
        varint(value ? 1 : 0)
    }

    /// int32 and int64 alike: negative values are sign-extended to ten bytes, as protobuf's int32 is.
    mutating func int(_ number: Int, _ value: Int64) {
        tag(number, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func double(_ number: Int, _ value: Double) {
        tag(number, .fixed64)
        let bits = value.bitPattern
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * i))) }
    }

    mutating func message(_ number: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        lengthDelimited(number, inner.bytes)
    }
}
