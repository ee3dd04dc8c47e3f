/// Request bodies in `application/vnd.kubernetes.protobuf`: the `k8s\0` envelope (runtime.Unknown) around
/// an object in protobuf, turned into the JSON kube-apiserver would have read from a JSON client, driven by
/// the schema registry (field numbers, JSON names, nested messages, maps, special encodings).
public enum ProtobufDecoder {
    public static let maxDepth = 100
    public static let contentType = "application/vnd.kubernetes.protobuf"
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// Decodes an envelope into the object it carries, with `kind` and `apiVersion` set from the envelope.
    public static func decode(_ body: [UInt8]) throws(ProtobufError) -> JSONValue {
        try decode(body, registry: .shared, depth: 0)
    }

    /// Decodes the protobuf encoding of one message (no envelope), as a JSON object.
    public static func decode(message name: String, from raw: [UInt8]) throws(ProtobufError) -> JSONValue {
        guard let message = SchemaRegistry.shared[name] else { throw .unknownKind(apiVersion: "", kind: name) }
        return try MessageDecoder(registry: .shared, buffer: raw).value(message, range: 0..<raw.count, depth: 1)
    }

    static func decode(_ body: [UInt8], registry: SchemaRegistry, depth: Int) throws(ProtobufError) -> JSONValue {
        guard body.count >= 4, body[0..<4].elementsEqual(magic) else { throw .notAnEnvelope }
        var apiVersion = "", kind = "", raw = 4..<4, encoding = "", type = ""
        var reader = ProtobufReader(body, range: 4..<body.count)
        while !reader.atEnd {
            let (number, value) = try reader.next()
            guard (1...4).contains(number) else { continue }
            guard case .bytes(let range) = value else {
                throw .wrongWireType(
                    field: "Unknown.\(["typeMeta", "raw", "contentEncoding", "contentType"][number - 1])",
                    wireType: value.wireType)
            }
            switch number {
            case 1:
                var meta = ProtobufReader(body, range: range)
                while !meta.atEnd {
                    let (n, v) = try meta.next()
                    guard n == 1 || n == 2 else { continue }
                    guard case .bytes(let r) = v else {
                        throw .wrongWireType(field: "TypeMeta.\(n == 1 ? "apiVersion" : "kind")", wireType: v.wireType)
                    }
                    if n == 1 {
                        apiVersion = String(decoding: body[r], as: UTF8.self)
                    } else {
                        kind = String(decoding: body[r], as: UTF8.self)
                    }
                }
            case 2: raw = range
            case 3: encoding = String(decoding: body[range], as: UTF8.self)
            default: type = String(decoding: body[range], as: UTF8.self)
            }
        }
        guard encoding.isEmpty else { throw .unsupportedEncoding(encoding) }
        guard type.isEmpty || type == contentType else { throw .unsupportedEncoding(type) }
        guard let message = registry.message(apiVersion: apiVersion, kind: kind) else {
            throw .unknownKind(apiVersion: apiVersion, kind: kind)
        }
        let object = try MessageDecoder(registry: registry, buffer: body).value(message, range: raw, depth: depth + 1)
        return .object([("kind", .string(kind)), ("apiVersion", .string(apiVersion))] + (object.members ?? []))
    }
}

/// One pass over one buffer: each message is a range of it.
struct MessageDecoder {
    let registry: SchemaRegistry
    let buffer: [UInt8]

    func value(_ message: SchemaMessage, range: Range<Int>, depth: Int) throws(ProtobufError) -> JSONValue {
        guard depth <= ProtobufDecoder.maxDepth else { throw .tooDeep }
        if let special = message.special { return try self.special(special, range: range, depth: depth) }
        var slots = [JSONValue?](repeating: nil, count: message.fields.count)
        var reader = ProtobufReader(buffer, range: range)
        while !reader.atEnd {
            let (number, value) = try reader.next()
            guard let index = message.indexByNumber[number] else { continue }  // unknown fields are skipped
            let field = message.fields[index]
            if field.isMap {
                guard case .bytes(let entry) = value else { throw wrong(message, field, value) }
                let (key, item) = try mapEntry(field, range: entry, depth: depth)
                var members = slots[index]?.members ?? []
                if let i = members.firstIndex(where: { $0.key == key }) {
                    members[i].value = item
                } else {
                    members.append((key, item))
                }
                slots[index] = .object(members)
            } else if field.repeated {
                var items = slots[index]?.array ?? []
                if case .bytes(let packed) = value, field.type.isPackable {
                    var inner = ProtobufReader(buffer, range: packed)
                    while !inner.atEnd {
                        let element: ProtobufReader.Value =
                            field.type == .double ? .fixed64(try inner.fixed(8)) : .varint(try inner.varint())
                        items.append(try scalar(field, element, in: message))
                    }
                } else {
                    items.append(try element(field, value, in: message, depth: depth))
                }
                slots[index] = .array(items)
            } else {
                let decoded = try element(field, value, in: message, depth: depth)
                if field.omitZero && decoded.isZero {
                    slots[index] = nil
                } else if case .object(let old)? = slots[index], case .object(let new) = decoded {
                    slots[index] = .object(Self.merge(old, new))  // a message field sent twice merges
                } else {
                    slots[index] = decoded
                }
            }
        }
        var members: [(key: String, value: JSONValue)] = []
        for (index, field) in message.fields.enumerated() {
            guard let value = slots[index] else { continue }
            if field.inline, case .object(let inner) = value {
                members += inner
            } else if field.isMap, case .object(let entries) = value {
                members.append((field.name, .object(entries.sorted { $0.key < $1.key })))  // Go writes map keys sorted
            } else {
                members.append((field.name, value))
            }
        }
        return .object(members)
    }

    private func element(_ field: SchemaField, _ value: ProtobufReader.Value, in message: SchemaMessage, depth: Int)
        throws(ProtobufError) -> JSONValue
    {
        guard case .message(let name) = field.type else { return try scalar(field, value, in: message) }
        guard case .bytes(let range) = value else { throw wrong(message, field, value) }
        guard let inner = registry[name] else { return .null }
        return try self.value(inner, range: range, depth: depth + 1)
    }

    private func mapEntry(_ field: SchemaField, range: Range<Int>, depth: Int) throws(ProtobufError) -> (
        String, JSONValue
    ) {
        var key = "", item: JSONValue?
        var reader = ProtobufReader(buffer, range: range)
        let entry = SchemaMessage(name: "MapEntry", fields: [], special: nil, kinds: [], indexByNumber: [:])
        while !reader.atEnd {
            let (number, value) = try reader.next()
            if number == 1 {
                guard case .bytes(let r) = value else {
                    throw .wrongWireType(field: "\(field.name).key", wireType: value.wireType)
                }
                key = String(decoding: buffer[r], as: UTF8.self)
            } else if number == 2 {
                item = try element(field, value, in: entry, depth: depth)
            }
        }
        if let item { return (key, item) }
        // An absent value is the zero value of its type.
        switch field.type {
        case .message(let name):
            return (
                key,
                try registry[name].map { m throws(ProtobufError) in try self.value(m, range: 0..<0, depth: depth + 1) }
                    ?? .null
            )
        case .bytes, .string: return (key, .string(""))
        case .bool: return (key, .bool(false))
        default: return (key, .number("0"))
        }
    }

    private func scalar(_ field: SchemaField, _ value: ProtobufReader.Value, in message: SchemaMessage)
        throws(ProtobufError) -> JSONValue
    {
        switch (field.type, value) {
        case (.string, .bytes(let r)): return .string(String(decoding: buffer[r], as: UTF8.self))
        case (.bytes, .bytes(let r)): return .string(Base64.encode(buffer[r]))
        case (.int32, .varint(let v)): return .number(String(Int32(truncatingIfNeeded: v)))
        case (.int64, .varint(let v)): return .number(String(Int64(bitPattern: v)))
        case (.bool, .varint(let v)): return .bool(v != 0)
        case (.double, .fixed64(let v)): return Self.number(Double(bitPattern: v))
        default: throw wrong(message, field, value)
        }
    }

    private func wrong(_ message: SchemaMessage, _ field: SchemaField, _ value: ProtobufReader.Value) -> ProtobufError {
        .wrongWireType(
            field: "\(message.name.split(separator: ".").last ?? "").\(field.name)", wireType: value.wireType)
    }

    static func number(_ d: Double) -> JSONValue {
        guard d.isFinite else { return .null }
        if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d))) }
        return .number("\(d)")
    }

    static func merge(_ old: [(key: String, value: JSONValue)], _ new: [(key: String, value: JSONValue)]) -> [(
        key: String, value: JSONValue
    )] {
        var result = old
        for member in new {
            guard let i = result.firstIndex(where: { $0.key == member.key }) else { result.append(member); continue }
            switch (result[i].value, member.value) {
            case (.object(let a), .object(let b)): result[i].value = .object(merge(a, b))
            case (.array(let a), .array(let b)): result[i].value = .array(a + b)
            default: result[i].value = member.value
            }
        }
        return result
    }
}

extension SchemaType {
    /// Scalars a repeated field may send packed (proto2 allows either form).
    var isPackable: Bool { self == .int32 || self == .int64 || self == .bool || self == .double }
}

extension JSONValue {
    /// The Go zero value of a scalar: "", 0, false.
    var isZero: Bool {
        switch self {
        case .string(let s): s.isEmpty
        case .number(let n): n == "0"
        case .bool(let b): !b
        default: false
        }
    }
}
