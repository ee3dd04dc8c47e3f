/// The field types of the served kinds, resolved once from the generated registry: for every message, the
/// type of each JSON member (inline members flattened), and the defaults that stand in for missing
/// list-map keys (`protocol: TCP` of a container port).
public final class ApplySchema: Sendable {
    public struct Structure: Sendable {
        public let name: String
        public let atomic: Bool
        public let fields: [String: FieldType]
        /// `+default` literals of the members that have one.
        public let defaults: [String: JSONValue]
        /// Members that are not `+optional`: a Go struct has them (null when unset) whenever it exists.
        public let required: Set<String>
        /// Members a Go struct always writes (non-pointer structs and times) with their zero: `{}` or null.
        public let valueFields: [(name: String, zero: JSONValue)]
        /// Members whose values may hold such fields further down (see GoValueFields).
        public internal(set) var holdingValueFields: [(name: String, type: FieldType)] = []
    }

    public let structures: [String: Structure]
    /// The same structures by position, which is what `FieldType.structure` holds: the walkers look a
    /// structure up for every member they visit, and an index costs nothing where a name costs a hash.
    let structureList: [Structure]
    private let structureIndex: [String: Int]
    let registry: SchemaRegistry

    public static let shared = ApplySchema(registry: .shared)

    public init(registry: SchemaRegistry) {
        self.registry = registry
        let names = registry.names.filter { registry[$0]?.special == nil }
        let index = Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var list: [Structure] = []
        for name in names {
            guard let message = registry[name] else { continue }
            var fields: [String: FieldType] = [:]
            var defaults: [String: JSONValue] = [:]
            var required = Set<String>()
            var valueFields: [(name: String, zero: JSONValue)] = []
            for field in registry.jsonFields(of: message) where fields[field.name] == nil {
                if field.required { required.insert(field.name) }
                if field.alwaysPresent { valueFields.append((field.name, Self.zero(of: field, registry))) }
                fields[field.name] = Self.type(of: field, registry, index)
                if let text = field.defaultValue, let value = try? JSONParser.parse(Array(text.utf8)) {
                    defaults[field.name] = value
                }
            }
            if !message.kinds.isEmpty {
                // Every kind carries its TypeMeta, which the proto messages leave out.
                fields["apiVersion"] = .scalar(.string)
                fields["kind"] = .scalar(.string)
            }
            list.append(
                Structure(
                    name: name, atomic: message.atomic, fields: fields, defaults: defaults, required: required,
                    valueFields: valueFields))
        }
        Self.findHoldersOfValueFields(&list)
        structureList = list
        structureIndex = index
        structures = Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The structure a type is, nil for any other type.
    func structure(_ type: FieldType) -> Structure? {
        guard case .structure(let i, _) = type else { return nil }
        return structureList[i]
    }

    /// The type of a kind's objects, nil for a kind the registry does not have.
    public func objectType(apiVersion: String, kind: String) -> FieldType? {
        registry.message(apiVersion: apiVersion, kind: kind).flatMap { structureIndex[$0.name] }.map {
            .structure($0, atomic: false)
        }
    }

    /// The type of member `name` of a structure; nil when it does not declare one.
    public func field(_ name: String, of structure: String) -> FieldType? {
        structures[structure]?.fields[name]
    }

    /// schemaconv's rules: `+listType` first, else patchStrategy merge (by the merge key, or as a set),
    /// else atomic; maps and structs granular unless marked atomic.
    static func type(of field: SchemaField, _ registry: SchemaRegistry, _ index: [String: Int]) -> FieldType {
        var element: FieldType
        switch field.type {
        case .string, .bytes: element = .scalar(.string)
        case .bool: element = .scalar(.boolean)
        case .int32, .int64, .double: element = .scalar(.numeric)
        case .message(let name):
            switch registry[name]?.special {
            case .time?, .microTime?, .quantity?, .intOrString?: element = .scalar(.untyped)
            case .duration?: element = .scalar(.string)
            case .rawJSON?: element = .deduced
            case .stringList?: element = .list(.scalar(.string), .atomic)
            case nil:
                let atomic = field.mapType.map { $0 == "atomic" } ?? (registry[name]?.atomic ?? false)
                // The registry holds every message a field names; one it lacked would have no fields.
                element =
                    index[name].map {
                        .structure(
                            $0, atomic: field.isMap || field.repeated ? (registry[name]?.atomic ?? false) : atomic)
                    } ?? .deduced
            }
        }
        if field.isMap { return .map(element, atomic: field.mapType == "atomic") }
        guard field.repeated else { return element }
        switch field.listType {
        case "atomic"?: return .list(element, .atomic)
        case "set"?: return .list(element, .set)
        case "map"?: return .list(element, .map(keys: field.listMapKeys))
        default:
            let strategy = field.patchStrategy ?? ""
            guard strategy == "merge" || strategy == "merge,retainKeys" else { return .list(element, .atomic) }
            if let key = field.patchMergeKey { return .list(element, .map(keys: [key])) }
            return .list(element, .set)
        }
    }
}
