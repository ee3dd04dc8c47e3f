/// OpenAPI schemas (v2 `definitions`, v3 `components.schemas`) from the schema registry.
extension OpenAPI {
    enum Dialect { case v2, v3 }

    static let patchDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"

    static func ref(_ name: String, _ dialect: Dialect) -> JSONValue {
        .object([("$ref", .string(dialect == .v2 ? "#/definitions/\(name)" : "#/components/schemas/\(name)"))])
    }

    static func object(_ members: (String, JSONValue)...) -> JSONValue {
        .object(members.map { (key: $0.0, value: $0.1) })
    }
    static func string(_ s: String) -> JSONValue { .string(s) }

    /// The definition names reachable from `roots`, sorted.
    static func closure(_ roots: [String], _ registry: SchemaRegistry) -> [String] {
        var seen = Set<String>(), todo = roots
        while let name = todo.popLast() {
            guard !seen.contains(name), let message = registry[name] else { continue }
            seen.insert(name)
            for field in message.fields { if case .message(let inner) = field.type { todo.append(inner) } }
        }
        return seen.sorted()
    }

    static func definitions(_ names: [String], _ registry: SchemaRegistry, _ dialect: Dialect) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = names.compactMap { name in
            registry[name].map { (name, schema($0, registry, dialect)) }
        }
        members.append(
            (
                patchDefinition,
                object(
                    (
                        "description",
                        string(
                            "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.")
                    ), ("type", string("object")))
            ))
        return .object(members.sorted { $0.key < $1.key })
    }

    static func schema(_ message: SchemaMessage, _ registry: SchemaRegistry, _ dialect: Dialect) -> JSONValue {
        let described: [(key: String, value: JSONValue)] =
            SchemaDescriptions.of(message.name).map { [("description", string($0))] } ?? []
        switch message.special {
        case .time?, .microTime?:
            return .object(described + [("type", string("string")), ("format", string("date-time"))])
        case .duration?, .quantity?: return .object(described + [("type", string("string"))])
        case .intOrString?:
            return .object(described + [("type", string("string")), ("format", string("int-or-string"))])
        case .rawJSON?: return .object(described + [("type", string("object"))])
        case .stringList?:
            return .object(described + [("type", string("array")), ("items", object(("type", string("string"))))])
        case nil: break
        }
        var properties: [(key: String, value: JSONValue)] = []
        if !message.kinds.isEmpty {
            properties.append(
                (
                    "apiVersion",
                    object(("description", string(SchemaDescriptions.apiVersion)), ("type", string("string")))
                ))
            properties.append(
                ("kind", object(("description", string(SchemaDescriptions.kind)), ("type", string("string")))))
        }
        let fields = registry.jsonFields(of: message)
        for (owner, field) in ownedFields(message, registry) {
            properties.append(
                (field.name, property(field, dialect, description: SchemaDescriptions.of(owner, field: field.name))))
        }
        var result: [(key: String, value: JSONValue)] = described + [("type", string("object"))]
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { result.append(("required", .array(required))) }
        result.append(("properties", .object(properties.sorted { $0.key < $1.key })))
        if !message.kinds.isEmpty {
            result.append(("x-kubernetes-group-version-kind", .array(message.kinds.map(gvk))))
        }
        return .object(result)
    }

    static func gvk(_ k: GroupVersionKind) -> JSONValue {
        object(("group", string(k.group)), ("kind", string(k.kind)), ("version", string(k.version)))
    }

    /// `jsonFields(of:)` with the message each field is declared in (an inlined struct's fields are its own),
    /// which is where their descriptions are.
    static func ownedFields(_ message: SchemaMessage, _ registry: SchemaRegistry) -> [(
        owner: String, field: SchemaField
    )] {
        message.fields.flatMap { field -> [(owner: String, field: SchemaField)] in
            guard field.inline, case .message(let inner) = field.type, let child = registry[inner] else {
                return [(message.name, field)]
            }
            return ownedFields(child, registry)
        }
    }

    static func property(_ field: SchemaField, _ dialect: Dialect, description: String? = nil) -> JSONValue {
        var result: [(key: String, value: JSONValue)]
        if field.repeated {
            result = [("type", string("array")), ("items", item(field.type, dialect))]
        } else if field.isMap {
            result = [("type", string("object")), ("additionalProperties", item(field.type, dialect))]
        } else if case .message(let name) = field.type {
            // v3 wraps a reference in allOf so that siblings (extensions) stay meaningful, as kube-openapi does.
            result = dialect == .v3 ? [("allOf", .array([ref(name, dialect)]))] : ref(name, dialect).members ?? []
        } else {
            result = item(field.type, dialect).members ?? []
        }
        if let description { result.append(("description", string(description))) }
        if let key = field.patchMergeKey { result.append(("x-kubernetes-patch-merge-key", string(key))) }
        if let strategy = field.patchStrategy { result.append(("x-kubernetes-patch-strategy", string(strategy))) }
        return .object(result)
    }

    static func item(_ type: SchemaType, _ dialect: Dialect) -> JSONValue {
        switch type {
        case .string: object(("type", string("string")))
        case .int32: object(("type", string("integer")), ("format", string("int32")))
        case .int64: object(("type", string("integer")), ("format", string("int64")))
        case .bool: object(("type", string("boolean")))
        case .double: object(("type", string("number")), ("format", string("double")))
        case .bytes: object(("type", string("string")), ("format", string("byte")))
        case .message(let name): ref(name, dialect)
        }
    }
}
