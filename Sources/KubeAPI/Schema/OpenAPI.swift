/// `/openapi/v2` (Swagger 2.0) and `/openapi/v3` (a discovery document plus one OpenAPI 3.0 document per
/// group/version) for the served resources, built once from the schema registry and ResourceCatalog.
/// kubectl reads the v3 documents to decide on server-side field validation and to compute
/// `kubectl apply` patches (patch merge keys and strategies); `kubectl explain` reads them too.
public enum OpenAPI {
    /// The Swagger 2.0 document, as JSON.
    public static func v2() -> [UInt8] { cached.v2 }

    /// `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"},…}}`.
    public static func v3Root() -> [UInt8] { cached.root }

    /// The document of one group/version, by its path under /openapi/v3/ (`api/v1`,
    /// `apis/authorization.k8s.io/v1`); nil for any other.
    public static func v3(groupVersion: String) -> [UInt8]? {
        cached.v3[groupVersion.hasPrefix("/") ? String(groupVersion.dropFirst()) : groupVersion]
    }

    /// The `hash` of a group/version document, as its serverRelativeURL carries it (an ETag).
    public static func v3Hash(groupVersion: String) -> String? { v3(groupVersion: groupVersion).map(hash) }

    static let info = object(("title", string("Kubernetes")), ("version", string("v1.32.0")))

    struct Documents {
        let v2: [UInt8]
        let root: [UInt8]
        let v3: [String: [UInt8]]
    }

    static let cached: Documents = build(SchemaRegistry.shared, ResourceCatalog.all)

    static func build(_ registry: SchemaRegistry, _ resources: [ResourceInfo]) -> Documents {
        var groupVersions: [(path: String, resources: [ResourceInfo])] = []
        for r in resources {
            let path = r.group.isEmpty ? "api/\(r.version)" : "apis/\(r.group)/\(r.version)"
            if let i = groupVersions.firstIndex(where: { $0.path == path }) {
                groupVersions[i].resources.append(r)
            } else {
                groupVersions.append((path, [r]))
            }
        }
        var v3: [String: [UInt8]] = [:], rootPaths: [(key: String, value: JSONValue)] = []
        for (path, members) in groupVersions {
            let doc = document(members, registry, .v3).bytes
            v3[path] = doc
            rootPaths.append((path, object(("serverRelativeURL", string("/openapi/v3/\(path)?hash=\(hash(doc))")))))
        }
        return Documents(
            v2: document(resources, registry, .v2).bytes, root: object(("paths", .object(rootPaths))).bytes, v3: v3)
    }

    static func document(_ resources: [ResourceInfo], _ registry: SchemaRegistry, _ dialect: Dialect) -> JSONValue {
        let items = pathItems(resources, registry)
        var roots = [statusDefinition, deleteOptionsDefinition]
        for item in items { for op in item.operations { roots += [op.request, op.response].compactMap { $0 } } }
        let definitions = self.definitions(closure(roots, registry), registry, dialect)
        let paths: JSONValue = .object(items.map { ($0.path, pathItem($0, dialect)) })
        let security: JSONValue = .array([object(("BearerToken", .array([])))])
        let bearer = object(
            ("type", string("apiKey")), ("name", string("authorization")), ("in", string("header")),
            ("description", string("Bearer Token authentication")))
        if dialect == .v2 {
            return object(
                ("swagger", string("2.0")), ("info", info), ("paths", paths), ("definitions", definitions),
                ("securityDefinitions", object(("BearerToken", bearer))), ("security", security))
        }
        return object(
            ("openapi", string("3.0.0")), ("info", info), ("paths", paths),
            ("components", object(("schemas", definitions), ("securitySchemes", object(("BearerToken", bearer))))))
    }

    static func pathItem(_ item: PathItem, _ dialect: Dialect) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = item.operations.map { ($0.method, operation($0, dialect)) }
        let parameters =
            item.pathParameters.map { pathParameter($0, dialect) }
            + [
                parameter(
                    Parameter(
                        name: "pretty", type: "string", description: "If 'true', then the output is pretty printed."),
                    dialect)
            ]
        members.append(("parameters", .array(parameters)))
        return .object(members)
    }

    static let produced = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]
    static let patchTypes = [
        "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ]

    static func operation(_ op: Operation, _ dialect: Dialect) -> JSONValue {
        let tag =
            (op.kind.group.isEmpty ? "core" : String(op.kind.group.split(separator: ".")[0])) + "_" + op.kind.version
        var members: [(key: String, value: JSONValue)] = [
            ("description", string("\(op.action) \(op.kind.kind)")), ("operationId", string(op.operationId)),
            ("tags", .array([string(tag)])),
        ]
        var parameters = op.query.map { parameter($0, dialect) }
        let consumes = op.method == "patch" ? patchTypes : ["*/*"]
        if dialect == .v2 {
            members += [
                ("consumes", .array(consumes.map(string))), ("produces", .array(produced.map(string))),
                ("schemes", .array([string("https")])),
            ]
            if let request = op.request {
                parameters.insert(
                    object(
                        ("name", string("body")), ("in", string("body")), ("required", .bool(op.method != "delete")),
                        ("schema", ref(request, .v2))), at: 0)
            }
        } else if let request = op.request {
            let content: JSONValue = .object(consumes.map { ($0, object(("schema", ref(request, .v3)))) })
            members.append(
                (
                    "requestBody",
                    op.method == "delete"
                        ? object(("content", content)) : object(("content", content), ("required", .bool(true)))
                ))
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        var responses: [(key: String, value: JSONValue)] = op.codes.map { code in
            let text = code == 200 ? "OK" : code == 201 ? "Created" : "Accepted"
            if dialect == .v2 {
                return (String(code), object(("description", string(text)), ("schema", ref(op.response, .v2))))
            }
            let content: JSONValue = .object(produced.map { ($0, object(("schema", ref(op.response, .v3)))) })
            return (String(code), object(("description", string(text)), ("content", content)))
        }
        responses.append(("401", object(("description", string("Unauthorized")))))
        members += [
            ("responses", .object(responses)), ("x-kubernetes-action", string(op.action)),
            ("x-kubernetes-group-version-kind", gvk(op.kind)),
        ]
        return .object(members)
    }

    /// FNV-1a (64 bits) in upper-case hex: changes whenever the document does, so clients' caches keyed
    /// by serverRelativeURL never serve a stale schema.
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let digits = String(h, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
