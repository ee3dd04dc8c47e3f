/// The paths and operations of the served resources (from ResourceCatalog), as kube-apiserver publishes
/// them: each operation carries `x-kubernetes-action` and `x-kubernetes-group-version-kind`, and every
/// POST/PUT/PATCH lists the `fieldValidation` query parameter (kubectl checks the PATCH one to decide on
/// server-side validation).
extension OpenAPI {
    struct Parameter {
        let name: String
        let type: String
        let description: String
    }

    struct Operation {
        let method: String, action: String, operationId: String
        let kind: GroupVersionKind
        /// The request body's definition (nil: none).
        let request: String?
        let response: String
        let query: [Parameter]
        let codes: [Int]
    }

    struct PathItem {
        let path: String
        let pathParameters: [String]
        var operations: [Operation]
    }

    static let dryRun = Parameter(
        name: "dryRun", type: "string",
        description:
            "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"
    )
    static let fieldManager = Parameter(
        name: "fieldManager", type: "string",
        description: "fieldManager is a name associated with the actor or entity that is making these changes.")
    static let fieldValidation = Parameter(
        name: "fieldValidation", type: "string",
        description:
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: drops them silently. - Warn: sends a warning for each one. - Strict: fails the request with a BadRequest error."
    )
    static let writeParameters = [dryRun, fieldManager, fieldValidation]
    static let patchParameters =
        writeParameters + [
            Parameter(name: "force", type: "boolean", description: "Force is going to \"force\" Apply requests.")
        ]
    static let deleteParameters = [
        dryRun,
        Parameter(
            name: "gracePeriodSeconds", type: "integer",
            description: "The duration in seconds before the object should be deleted."),
        Parameter(
            name: "ignoreStoreReadErrorWithClusterBreakingPotential", type: "boolean",
            description:
                "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."
        ),
        Parameter(
            name: "orphanDependents", type: "boolean", description: "Deprecated: please use the PropagationPolicy."),
        Parameter(
            name: "propagationPolicy", type: "string",
            description: "Whether and how garbage collection will be performed."),
    ]
    static let selectionParameters = [
        Parameter(
            name: "continue", type: "string",
            description: "The continue option should be set when retrieving more results from the server."),
        Parameter(
            name: "fieldSelector", type: "string",
            description: "A selector to restrict the list of returned objects by their fields."),
        Parameter(
            name: "labelSelector", type: "string",
            description: "A selector to restrict the list of returned objects by their labels."),
        Parameter(
            name: "limit", type: "integer",
            description: "limit is a maximum number of responses to return for a list call."),
        Parameter(
            name: "resourceVersion", type: "string",
            description: "resourceVersion sets a constraint on what resource versions a request may be served from."),
        Parameter(
            name: "resourceVersionMatch", type: "string",
            description: "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        Parameter(
            name: "sendInitialEvents", type: "boolean",
            description: "`sendInitialEvents=true` may be set together with `watch=true`."),
        Parameter(name: "timeoutSeconds", type: "integer", description: "Timeout for the list/watch call."),
    ]
    static let listParameters =
        [
            Parameter(
                name: "allowWatchBookmarks", type: "boolean",
                description: "allowWatchBookmarks requests watch events with type \"BOOKMARK\".")
        ]
        + selectionParameters + [
            Parameter(
                name: "watch", type: "boolean",
                description:
                    "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."
            )
        ]
    static let statusDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Status"
    static let deleteOptionsDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"

    /// The path items of one group/version's resources, in path order.
    static func pathItems(_ resources: [ResourceInfo], _ registry: SchemaRegistry) -> [PathItem] {
        var items: [String: PathItem] = [:]
        func add(_ path: String, _ parameters: [String], _ operation: Operation) {
            items[path, default: PathItem(path: path, pathParameters: parameters, operations: [])].operations.append(
                operation)
        }
        for r in resources {
            let prefix = r.group.isEmpty ? "/api/\(r.version)" : "/apis/\(r.group)/\(r.version)"
            let gv =
                (r.group.isEmpty ? "Core" : capitalized(String(r.group.split(separator: ".")[0])))
                + capitalized(r.version)
            let kind = GroupVersionKind(group: r.group, version: r.version, kind: r.kind)
            guard let definition = registry.message(apiVersion: kind.apiVersion, kind: r.kind)?.name else { continue }
            let list = registry.message(apiVersion: kind.apiVersion, kind: r.listKind)?.name ?? definition
            let scope = r.namespaced ? "Namespaced" : ""
            let collection = r.namespaced ? "\(prefix)/namespaces/{namespace}/\(r.name)" : "\(prefix)/\(r.name)"
            let collectionParameters = r.namespaced ? ["namespace"] : []
            let item = collection + "/{name}", itemParameters = collectionParameters + ["name"]
            func op(
                _ method: String, _ action: String, _ id: String, request: String? = nil, response: String,
                _ query: [Parameter], _ codes: [Int], kind k: GroupVersionKind = kind
            ) -> Operation {
                Operation(
                    method: method, action: action, operationId: id, kind: k, request: request, response: response,
                    query: query, codes: codes)
            }
            let has = Set(r.verbs)
            if has.contains("list") {
                add(
                    collection, collectionParameters,
                    op("get", "list", "list\(gv)\(scope)\(r.kind)", response: list, listParameters, [200]))
                if r.namespaced {
                    add(
                        "\(prefix)/\(r.name)", [],
                        op("get", "list", "list\(gv)\(r.kind)ForAllNamespaces", response: list, listParameters, [200]))
                }
            }
            if has.contains("create") {
                add(
                    collection, collectionParameters,
                    op(
                        "post", "post", "create\(gv)\(scope)\(r.kind)", request: definition, response: definition,
                        writeParameters, [200, 201, 202]))
            }
            if has.contains("deletecollection") {
                add(
                    collection, collectionParameters,
                    op(
                        "delete", "deletecollection", "delete\(gv)Collection\(scope)\(r.kind)",
                        request: deleteOptionsDefinition, response: statusDefinition,
                        deleteParameters + selectionParameters, [200]))
            }
            if has.contains("get") {
                add(
                    item, itemParameters,
                    op("get", "get", "read\(gv)\(scope)\(r.kind)", response: definition, [], [200]))
            }
            if has.contains("update") {
                add(
                    item, itemParameters,
                    op(
                        "put", "put", "replace\(gv)\(scope)\(r.kind)", request: definition, response: definition,
                        writeParameters, [200, 201]))
            }
            if has.contains("patch") {
                add(
                    item, itemParameters,
                    op(
                        "patch", "patch", "patch\(gv)\(scope)\(r.kind)", request: patchDefinition, response: definition,
                        patchParameters, [200, 201]))
            }
            if has.contains("delete") {
                add(
                    item, itemParameters,
                    op(
                        "delete", "delete", "delete\(gv)\(scope)\(r.kind)", request: deleteOptionsDefinition,
                        response: definition, deleteParameters, [200, 202]))
            }
            if r.subresources.contains("status") {
                let status = item + "/status"
                add(
                    status, itemParameters,
                    op("get", "get", "read\(gv)\(scope)\(r.kind)Status", response: definition, [], [200]))
                add(
                    status, itemParameters,
                    op(
                        "put", "put", "replace\(gv)\(scope)\(r.kind)Status", request: definition, response: definition,
                        writeParameters, [200, 201]))
                add(
                    status, itemParameters,
                    op(
                        "patch", "patch", "patch\(gv)\(scope)\(r.kind)Status", request: patchDefinition,
                        response: definition, patchParameters, [200, 201]))
            }
            if r.subresources.contains("scale"),
                let scale = registry.message(apiVersion: "autoscaling/v1", kind: "Scale")?.name
            {
                let scaleKind = GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"),
                    path = item + "/scale"
                add(
                    path, itemParameters,
                    op("get", "get", "read\(gv)\(scope)\(r.kind)Scale", response: scale, [], [200], kind: scaleKind))
                add(
                    path, itemParameters,
                    op(
                        "put", "put", "replace\(gv)\(scope)\(r.kind)Scale", request: scale, response: scale,
                        writeParameters, [200, 201], kind: scaleKind))
                add(
                    path, itemParameters,
                    op(
                        "patch", "patch", "patch\(gv)\(scope)\(r.kind)Scale", request: patchDefinition, response: scale,
                        patchParameters, [200, 201], kind: scaleKind))
            }
            if r.subresources.contains("eviction"),
                let eviction = registry.message(apiVersion: "policy/v1", kind: "Eviction")?.name
            {
                let evictionKind = GroupVersionKind(group: "policy", version: "v1", kind: "Eviction")
                add(
                    item + "/eviction", itemParameters,
                    op(
                        "post", "post", "create\(gv)\(scope)\(r.kind)Eviction", request: eviction, response: eviction,
                        writeParameters, [200, 201, 202], kind: evictionKind))
            }
            if r.subresources.contains("binding"),
                let binding = registry.message(apiVersion: kind.apiVersion, kind: "Binding")?.name
            {
                let bindingKind = GroupVersionKind(group: r.group, version: r.version, kind: "Binding")
                add(
                    item + "/binding", itemParameters,
                    op(
                        "post", "post", "create\(gv)\(scope)\(r.kind)Binding", request: binding, response: binding,
                        writeParameters, [200, 201, 202], kind: bindingKind))
            }
            if r.subresources.contains("token"),
                let token = registry.message(apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest")?.name
            {
                let tokenKind = GroupVersionKind(group: "authentication.k8s.io", version: "v1", kind: "TokenRequest")
                add(
                    item + "/token", itemParameters,
                    op(
                        "post", "post", "create\(gv)\(scope)\(r.kind)Token", request: token, response: token,
                        writeParameters, [200, 201, 202], kind: tokenKind))
            }
        }
        return items.values.sorted { $0.path < $1.path }
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func pathParameter(_ name: String, _ dialect: Dialect) -> JSONValue {
        let description =
            name == "name" ? "name of the resource" : "object name and auth scope, such as for teams and projects"
        return parameter(
            Parameter(name: name, type: "string", description: description), in: "path", required: true, dialect)
    }

    static func parameter(_ p: Parameter, in location: String = "query", required: Bool = false, _ dialect: Dialect)
        -> JSONValue
    {
        var members: [(key: String, value: JSONValue)] = [
            ("name", string(p.name)), ("in", string(location)), ("description", string(p.description)),
        ]
        if required { members.append(("required", .bool(true))) }
        let type: [(key: String, value: JSONValue)] = [("type", string(p.type)), ("uniqueItems", .bool(true))]
        if dialect == .v3 { members.append(("schema", .object(type))) } else { members += type }
        return .object(members)
    }
}
