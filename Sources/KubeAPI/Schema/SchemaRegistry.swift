/// The type registry of the kinds served: every message reachable from them, with each field's JSON name,
/// protobuf number and type. One table drives the protobuf decoder, field validation and OpenAPI; it is
/// generated from the types' generated.proto files (share/codegen/gen_schema.py → GeneratedSchema.swift).
public enum SchemaType: Sendable, Equatable {
    case string, int32, int64, bool, double, bytes
    /// Another message, by its OpenAPI definition name (`io.k8s.api.core.v1.PodSpec`).
    case message(String)
}

/// How a message is written in JSON when it is not an object of its fields.
public enum SchemaSpecial: String, Sendable {
    /// metav1.Time (RFC 3339, seconds) and MicroTime (RFC 3339, microseconds); the zero time is null.
    case time, microTime
    /// metav1.Duration: Go's duration text (`1h2m3s`).
    case duration
    /// resource.Quantity: its canonical string.
    case quantity
    /// intstr.IntOrString: a number or a string.
    case intOrString
    /// runtime.RawExtension and metav1.FieldsV1: raw JSON carried as bytes.
    case rawJSON
    /// authorization/v1 ExtraValue: a list of strings.
    case stringList
}

public struct SchemaField: Sendable {
    public let number: Int
    public let name: String
    public let type: SchemaType
    public let repeated: Bool
    /// A map with string keys whose values have `type`.
    public let isMap: Bool
    /// A Go `omitempty` non-pointer scalar: a zero value on the wire means unset.
    public let omitZero: Bool
    /// An embedded Go struct (`json:",inline"`): its fields sit in the parent's JSON object.
    public let inline: Bool
    public let required: Bool
    public let patchStrategy: String?
    public let patchMergeKey: String?
    /// `+listType` (atomic, set, map) and, for map, its `+listMapKey`s: how server-side apply tracks a list.
    public var listType: String? = nil
    public var listMapKeys: [String] = []
    /// `+mapType`/`+structType` on the field: atomic or granular.
    public var mapType: String? = nil
    /// `+default`, a JSON literal: what a list-map key missing from an element stands for.
    public var defaultValue: String? = nil
    /// A Go value field (a struct or time, not a pointer): always written, `{}` or null when zero.
    public var alwaysPresent = false
}

public struct GroupVersionKind: Sendable, Equatable, Hashable {
    public let group: String
    public let version: String
    public let kind: String
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}

public struct SchemaMessage: Sendable {
    public let name: String
    public let fields: [SchemaField]
    public let special: SchemaSpecial?
    /// Set on top-level kinds (they carry `apiVersion` and `kind`).
    public let kinds: [GroupVersionKind]
    let indexByNumber: [Int: Int]
    /// `+structType=atomic`: server-side apply owns the whole struct, not its fields.
    public var atomic = false

    func field(number: Int) -> SchemaField? { indexByNumber[number].map { fields[$0] } }
}

public struct SchemaRegistry: Sendable {
    public let messages: [String: SchemaMessage]
    /// Definition names in table order (sorted), for deterministic documents.
    public let names: [String]
    let byKind: [GroupVersionKind: String]
    /// `jsonFields(of:)` of every message, flattened once: field validation looks members up on every
    /// write, and flattening per lookup copied every field of ObjectMeta for each create.
    private let flattened: [String: (fields: [SchemaField], byName: [String: Int])]

    public static let shared = SchemaRegistry(table: generatedTable)

    public subscript(name: String) -> SchemaMessage? { messages[name] }

    public func message(apiVersion: String, kind: String) -> SchemaMessage? {
        let (group, version) = Self.split(apiVersion)
        return byKind[GroupVersionKind(group: group, version: version, kind: kind)].flatMap { messages[$0] }
    }

    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }

    /// The JSON members of a message, with inline members flattened in place: what an object may hold.
    public func jsonFields(of message: SchemaMessage) -> [SchemaField] {
        flattened[message.name]?.fields ?? Self.flatten(message, messages)
    }

    /// The JSON member `name` of a message (the first, should inlined members repeat a name).
    public func jsonField(_ name: String, of message: SchemaMessage) -> SchemaField? {
        guard let entry = flattened[message.name] else {
            return Self.flatten(message, messages).first { $0.name == name }
        }
        return entry.byName[name].map { entry.fields[$0] }
    }

    private static func flatten(_ message: SchemaMessage, _ messages: [String: SchemaMessage]) -> [SchemaField] {
        message.fields.flatMap { field -> [SchemaField] in
            guard field.inline, case .message(let inner) = field.type, let child = messages[inner] else {
                return [field]
            }
            return flatten(child, messages)
        }
    }

    init(table: String) {
        var messages: [String: SchemaMessage] = [:]
        var names: [String] = []
        var byKind: [GroupVersionKind: String] = [:]
        var current:
            (name: String, special: SchemaSpecial?, kinds: [GroupVersionKind], fields: [SchemaField], atomic: Bool)?
        func finish() {
            guard let c = current else { return }
            var index: [Int: Int] = [:]
            for (i, f) in c.fields.enumerated() { index[f.number] = i }
            messages[c.name] = SchemaMessage(
                name: c.name, fields: c.fields, special: c.special, kinds: c.kinds, indexByNumber: index,
                atomic: c.atomic)
            names.append(c.name)
            for k in c.kinds { byKind[k] = c.name }
        }
        for line in table.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.first == "M", words.count >= 2 {
                finish()
                current = (words[1], nil, [], [], words.contains("struct=atomic"))
                for word in words.dropFirst(2) {
                    if word.hasPrefix("special=") {
                        current?.special = SchemaSpecial(rawValue: String(word.dropFirst(8)))
                    }
                    if word.hasPrefix("gvk=") {
                        current?.kinds = word.dropFirst(4).split(separator: ",").map { gvk in
                            let parts = gvk.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                            return GroupVersionKind(group: parts[0], version: parts[1], kind: parts[2])
                        }
                    }
                }
            } else if words.first == "F", words.count == 5, let number = Int(words[1]) {
                current?.fields.append(Self.field(number: number, name: words[2], type: words[3], flags: words[4]))
            }
        }
        finish()
        self.messages = messages
        self.names = names
        self.byKind = byKind
        flattened = messages.mapValues { message in
            let fields = Self.flatten(message, messages)
            var byName: [String: Int] = [:]
            for (i, field) in fields.enumerated() where byName[field.name] == nil { byName[field.name] = i }
            return (fields, byName)
        }
    }

    static func field(number: Int, name: String, type: String, flags: String) -> SchemaField {
        var type = Substring(type)
        let repeated = type.hasPrefix("[]"), isMap = type.hasPrefix("{}")
        if repeated || isMap { type = type.dropFirst(2) }
        let scalar: [Substring: SchemaType] = [
            "string": .string, "int32": .int32, "int64": .int64, "bool": .bool,
            "double": .double, "bytes": .bytes,
        ]
        var strategy: String?, key: String?, list: Substring?, mapType: String?, defaultValue: String?, letters = ""
        for part in flags.split(separator: "|") {
            if part.hasPrefix("s=") {
                strategy = String(part.dropFirst(2))
            } else if part.hasPrefix("k=") {
                key = String(part.dropFirst(2))
            } else if part.hasPrefix("l=") {
                list = part.dropFirst(2)
            } else if part.hasPrefix("m=") {
                mapType = String(part.dropFirst(2))
            } else if part.hasPrefix("d=") {
                defaultValue = String(part.dropFirst(2))
            } else {
                letters += part
            }
        }
        var field = SchemaField(
            number: number, name: name, type: scalar[type] ?? .message(String(type)), repeated: repeated,
            isMap: isMap, omitZero: letters.contains("o"), inline: letters.contains("i"),
            required: letters.contains("r"), patchStrategy: strategy, patchMergeKey: key)
        if let list {
            let parts = list.split(separator: ":", maxSplits: 1)
            field.listType = String(parts[0])
            field.listMapKeys = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        }
        field.mapType = mapType
        field.defaultValue = defaultValue
        field.alwaysPresent = letters.contains("v")
        return field
    }
}
