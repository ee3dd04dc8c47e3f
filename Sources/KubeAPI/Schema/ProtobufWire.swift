/// Why a protobuf body could not be read. Every malformed input ends here; none traps.
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The body does not start with the `k8s\0` magic.
    case notAnEnvelope
    /// A length or value runs past the end of its message.
    case truncated(offset: Int)
    /// A varint longer than ten bytes.
    case badVarint(offset: Int)
    /// Wire types 3, 4 (groups), 6, 7, or field number 0.
    case badTag(offset: Int)
    /// A known field sent with a wire type its type cannot have.
    case wrongWireType(field: String, wireType: Int)
    /// Messages nested deeper than `ProtobufDecoder.maxDepth`.
    case tooDeep
    /// The envelope names a kind this server has no schema for.
    case unknownKind(apiVersion: String, kind: String)
    /// The envelope's contentEncoding or contentType is not plain protobuf.
    case unsupportedEncoding(String)

    public var description: String {
        switch self {
        case .notAnEnvelope: "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"
        case .truncated(let at): "proto: unexpected end of data at offset \(at)"
        case .badVarint(let at): "proto: integer overflow at offset \(at)"
        case .badTag(let at): "proto: illegal tag at offset \(at)"
        case .wrongWireType(let field, let wire): "proto: wrong wireType = \(wire) for field \(field)"
        case .tooDeep: "proto: message nested too deeply"
        case .unknownKind(let apiVersion, let kind): "no kind \"\(kind)\" is registered for version \"\(apiVersion)\""
        case .unsupportedEncoding(let what): "unsupported protobuf envelope encoding \"\(what)\""
        }
    }
}

/// Protobuf wire format over a byte range of one buffer: nested messages are sub-ranges, never copies.
struct ProtobufReader {
    enum Wire: Int { case varint = 0, fixed64 = 1, bytes = 2, fixed32 = 5 }

    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(Range<Int>)
    }

    let buffer: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ buffer: [UInt8], range: Range<Int>? = nil) {
        self.buffer = buffer
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? buffer.count
    }

    var atEnd: Bool { position >= end }

    mutating func varint() throws(ProtobufError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        for i in 0..<10 {
            guard position < end else { throw .truncated(offset: position) }
            let byte = buffer[position]
            position += 1
            // The tenth byte holds only the top bit of a 64-bit value.
            if i == 9 && byte > 1 { throw .badVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << UInt64(7 * i)
            if byte < 0x80 { return result }
        }
        throw .badVarint(offset: start)
    }

    mutating func fixed(_ count: Int) throws(ProtobufError) -> UInt64 {
        guard end - position >= count else { throw .truncated(offset: position) }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(buffer[position + i]) << UInt64(8 * i) }
        position += count
        return value
    }

    /// The next field: its number and value. Group wire types and field number 0 are rejected.
    mutating func next() throws(ProtobufError) -> (number: Int, value: Value) {
        let start = position
        let key = try varint()
        guard let wire = Wire(rawValue: Int(key & 7)), key >> 3 > 0, key >> 3 <= 0x1FFF_FFFF else {
            throw .badTag(offset: start)
        }
        let number = Int(key >> 3)
        switch wire {
        case .varint: return (number, .varint(try varint()))
        case .fixed64: return (number, .fixed64(try fixed(8)))
        case .fixed32: return (number, .fixed32(UInt32(try fixed(4))))
        case .bytes:
            let length = try varint()
            guard length <= UInt64(end - position) else { throw .truncated(offset: position) }
            let range = position..<(position + Int(length))
            position = range.upperBound
            return (number, .bytes(range))
        }
    }
}

extension ProtobufReader.Value {
    var wireType: Int {
        switch self {
        case .varint: 0
        case .fixed64: 1
        case .bytes: 2
        case .fixed32: 5
        }
    }
}
