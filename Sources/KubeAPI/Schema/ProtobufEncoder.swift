/// Answers in `application/vnd.kubernetes.protobuf`: an object's JSON, as the server stores it, written as
/// the protobuf kube-apiserver would send, driven by the schema registry (the inverse of ProtobufDecoder).
///
/// A member is written when the JSON has it (null is absent), which is what a Go client reading the bytes
/// sees either way: a non-pointer field absent from the wire is its zero value, a pointer field absent is
/// nil. Members the schema does not know are left out, as kube's typed structs drop them; values of the
/// wrong JSON type for their field are left out too, never guessed at.
public enum ProtobufEncoder {
    public static let contentType = ProtobufDecoder.contentType
    /// The Content-Type of a watch in protobuf: length-prefixed frames of WatchEvent.
    public static let watchContentType = contentType + ";stream=watch"

    /// The `k8s\0` envelope (runtime.Unknown: typeMeta, raw, contentEncoding, contentType) around the object,
    /// its `apiVersion` and `kind` in the typeMeta; nil when the kind has no schema (such objects are answered
    /// in JSON).
    public static func envelope(_ object: JSONValue) -> [UInt8]? {
        envelope(object, registry: .shared)
    }

    static func envelope(_ object: JSONValue, registry: SchemaRegistry) -> [UInt8]? {
        guard let apiVersion = object["apiVersion"]?.string, let kind = object["kind"]?.string,
            let message = registry.message(apiVersion: apiVersion, kind: kind)
        else { return nil }
        var raw = ProtobufWriter(capacity: 1024)
        MessageEncoder(registry: registry).fields(message, object, into: &raw, depth: 1)
        return envelope(apiVersion: apiVersion, kind: kind, raw: raw.bytes)
    }

    /// The envelope around a message already encoded. Every field of runtime.Unknown is written, as
    /// kube's serializer writes them (the encoding and content type empty).
    public static func envelope<C: Collection>(apiVersion: String, kind: String, raw: C) -> [UInt8]
    where C.Element == UInt8 {
        var typeMeta = ProtobufWriter()
        typeMeta.string(1, apiVersion)
        typeMeta.string(2, kind)
        var w = ProtobufWriter(capacity: raw.count + typeMeta.bytes.count + 16)
        w.bytes = ProtobufDecoder.magic
        w.lengthDelimited(1, typeMeta.bytes)
        w.lengthDelimited(2, raw)
        w.string(3, "")
        w.string(4, "")
        return w.bytes
    }

    /// The message of one object alone (no envelope, no apiVersion and kind), by definition name.
    public static func message(_ name: String, _ value: JSONValue) -> [UInt8]? {
        guard let message = SchemaRegistry.shared[name] else { return nil }
        var w = ProtobufWriter()
        MessageEncoder(registry: .shared).value(message, value, into: &w, depth: 1)
        return w.bytes
    }

    /// Where the message sits inside an envelope `envelope(...)` made: list items and watch events reuse an
    /// object's cached envelope without encoding it again.
    public static func rawRange(ofEnvelope bytes: [UInt8]) -> Range<Int>? {
        guard bytes.starts(with: ProtobufDecoder.magic) else { return nil }
        var reader = ProtobufReader(bytes, range: 4..<bytes.count)
        while !reader.atEnd {
            guard let (number, value) = try? reader.next() else { return nil }
            if number == 2, case .bytes(let range) = value { return range }
        }
        return nil
    }

    /// A list (`PodList`...): ListMeta (resourceVersion, continue, remainingItemCount) and the items, each
    /// the message inside its cached envelope.
    public static func list(
        apiVersion: String, kind: String, resourceVersion: String, continueToken: String?,
        remainingItemCount: Int? = nil, itemEnvelopes: [[UInt8]]
    ) -> [UInt8] {
        var raw = ProtobufWriter(capacity: itemEnvelopes.reduce(64) { $0 + $1.count })
        raw.message(1) { meta in
            meta.string(1, "")
            meta.string(2, resourceVersion)
            meta.string(3, continueToken ?? "")
            if let remainingItemCount { meta.int(4, Int64(remainingItemCount)) }
        }
        for item in itemEnvelopes {
            guard let range = rawRange(ofEnvelope: item) else { continue }
            raw.lengthDelimited(2, item[range])
        }
        return envelope(apiVersion: apiVersion, kind: kind, raw: raw.bytes)
    }

    /// One frame of a protobuf watch: a 4-byte big-endian length, then a metav1.WatchEvent (type, and the
    /// object as a RawExtension holding its envelope), as kube's length-delimited framer writes them.
    public static func watchFrame(type: String, objectEnvelope: [UInt8]) -> [UInt8] {
        var event = ProtobufWriter(capacity: objectEnvelope.count + 32)
        event.string(1, type)
        event.message(2) { $0.lengthDelimited(1, objectEnvelope) }
        let length = UInt32(event.bytes.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + event.bytes
    }
}

/// One object's walk through the schema: each field the JSON has, by its number.
struct MessageEncoder {
    let registry: SchemaRegistry

    /// A message's own encoding (special types included) into `w`.
    func value(_ message: SchemaMessage, _ value: JSONValue, into w: inout ProtobufWriter, depth: Int) {
        if let special = message.special {
            self.special(special, value, into: &w)
        } else {
            fields(message, value, into: &w, depth: depth)
        }
    }

    func fields(_ message: SchemaMessage, _ object: JSONValue, into w: inout ProtobufWriter, depth: Int) {
        guard depth <= ProtobufDecoder.maxDepth, case .object(let members) = object else { return }
        for field in message.fields {
            if field.inline {
                // An embedded Go struct: its members sit in this object; its message is written only when it
                // has something (an empty one reads the same).
                guard case .message(let name) = field.type, let inner = registry[name] else { continue }
                var nested = ProtobufWriter()
                fields(inner, object, into: &nested, depth: depth + 1)
                if !nested.bytes.isEmpty { w.lengthDelimited(field.number, nested.bytes) }
                continue
            }
            guard let member = members.first(where: { $0.key == field.name })?.value else { continue }
            if member.isNull {
                // A non-pointer metav1.Time at zero is written `null` in JSON and as an empty message in protobuf.
                if case .message(let name) = field.type, !field.repeated, !field.isMap,
                    let special = registry[name]?.special,
                    special == .time || special == .microTime
                {
                    w.lengthDelimited(field.number, [UInt8]())
                }
                continue
            }
            if field.isMap {
                guard case .object(let entries) = member else { continue }
                // Go writes map entries sorted by key, each with its key and its value.
                for (key, item) in entries.sorted(by: { $0.key < $1.key }) {
                    var entry = ProtobufWriter()
                    entry.string(1, key)
                    if !element(2, field.type, item, into: &entry, depth: depth) {
                        element(2, field.type, zero(field.type), into: &entry, depth: depth)
                    }
                    w.lengthDelimited(field.number, entry.bytes)
                }
            } else if field.repeated {
                guard case .array(let items) = member else { continue }
                for item in items { element(field.number, field.type, item, into: &w, depth: depth) }
            } else {
                element(field.number, field.type, member, into: &w, depth: depth)
            }
        }
    }

    /// One value of a field; false when the JSON value does not fit the field's type (nothing is written).
    @discardableResult
    func element(_ number: Int, _ type: SchemaType, _ value: JSONValue, into w: inout ProtobufWriter, depth: Int)
        -> Bool
    {
        switch (type, value) {
        case (.string, .string(let s)): w.string(number, s)
        case (.string, .number(let n)): w.string(number, n)
        case (.int32, _):
            guard let n = Self.integer(value) else { return false }
            w.int(number, Int64(Int32(truncatingIfNeeded: n)))
        case (.int64, _):
            guard let n = Self.integer(value) else { return false }
            w.int(number, n)
        case (.bool, .bool(let b)): w.bool(number, b)
        case (.double, .number(let n)):
            guard let d = Double(n) else { return false }
            w.double(number, d)
        case (.bytes, .string(let s)):
            guard let data = Base64.decode(s) else { return false }
            w.lengthDelimited(number, data)
        case (.message(let name), _):
            guard let message = registry[name] else { return false }
            if message.special == nil, value.members == nil { return false }
            var nested = ProtobufWriter()
            self.value(message, value, into: &nested, depth: depth + 1)
            w.lengthDelimited(number, nested.bytes)
        default:
            return false
        }
        return true
    }

    /// The zero value a map entry carries when its JSON value is unusable (Go always writes the value).
    func zero(_ type: SchemaType) -> JSONValue {
        switch type {
        case .string, .bytes: .string("")
        case .int32, .int64, .double: .number("0")
        case .bool: .bool(false)
        case .message: .object([])
        }
    }

    /// A JSON number (or a string holding one, as some clients send int64s) as an integer; fractions are cut.
    static func integer(_ value: JSONValue) -> Int64? {
        let text: String
        switch value {
        case .number(let n): text = n
        case .string(let s): text = s
        default: return nil
        }
        if let n = Int64(text) { return n }
        guard let d = Double(text), d.isFinite, abs(d) < 9.2e18 else { return nil }
        return Int64(d.rounded(.towardZero))
    }
}
