/// `meta.k8s.io/v1` Tables as kube-apiserver answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`:
/// the printers' columns (always wide), one row per object, and each row's `object` as `includeObject` asks
/// (`Metadata`, the default: a PartialObjectMetadata; `Object`: the whole object; `None`: null).
public enum TablePrinter {
    public static let defaultGroupVersion = "meta.k8s.io/v1"

    public static func columns(resource: String) -> [TableColumnDefinition] { TableColumns.forResource(resource) }

    /// The cells of one object's row, in column order.
    public static func cells(resource: String, object: JSONValue, now: Int64) -> [JSONValue] {
        switch resource {
        case "pods": PodTableRow.cells(object, now: now)
        case "services": ServiceTableRow.cells(object, now: now)
        case "nodes": NodeTableRow.cells(object, now: now)
        case "events": EventTableRow.cells(object, now: now)
        case "namespaces": SimpleTableRows.namespace(object, now: now)
        case "configmaps": SimpleTableRows.configMap(object, now: now)
        case "secrets": SimpleTableRows.secret(object, now: now)
        case "serviceaccounts": SimpleTableRows.serviceAccount(object, now: now)
        case "endpoints": SimpleTableRows.endpoints(object, now: now)
        case "replicationcontrollers": ControllerTableRows.replicationController(object, now: now)
        case "podtemplates": ControllerTableRows.podTemplate(object, now: now)
        case "persistentvolumes": StorageTableRows.persistentVolume(object, now: now)
        case "persistentvolumeclaims": StorageTableRows.persistentVolumeClaim(object, now: now)
        case "resourcequotas": ClusterTableRows.resourceQuota(object, now: now)
        case "componentstatuses": ClusterTableRows.componentStatus(object, now: now)
        case "leases": ClusterTableRows.lease(object, now: now)
        default: SimpleTableRows.fallback(object, now: now)
        }
    }

    /// One `rows` entry: `cells`, `conditions` (completed pods), `object`. `now` is wall-clock nanoseconds.
    public static func row(
        resource: String, object: JSONValue, now: Int64, includeObject: String,
        groupVersion: String = defaultGroupVersion
    ) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("cells", .array(cells(resource: resource, object: object, now: now)))
        ]
        if resource == "pods", let conditions = PodTableRow.conditions(object) {
            members.append(("conditions", conditions))
        }
        members.append(
            (
                "object",
                rowObject(resource: resource, object: object, includeObject: includeObject, groupVersion: groupVersion)
            ))
        return .object(members)
    }

    /// The Table for a list (or, with one object and its resourceVersion, for a GET).
    public static func table(
        resource: String, objects: [JSONValue], now: Int64, includeObject: String, resourceVersion: String,
        continueToken: String?, remainingItemCount: Int? = nil, includeHeaders: Bool = true,
        groupVersion: String = defaultGroupVersion
    ) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = []
        if !resourceVersion.isEmpty { metadata.append(("resourceVersion", .string(resourceVersion))) }
        if let continueToken, !continueToken.isEmpty { metadata.append(("continue", .string(continueToken))) }
        if let remainingItemCount { metadata.append(("remainingItemCount", .int(remainingItemCount))) }
        return .object([
            ("kind", .string("Table")),
            ("apiVersion", .string(groupVersion)),
            ("metadata", .object(metadata)),
            // Go writes a nil slice as null: watch events after the first carry no headers.
            ("columnDefinitions", includeHeaders ? .array(columns(resource: resource).map(\.json)) : .null),
            (
                "rows",
                .array(
                    objects.map {
                        row(
                            resource: resource, object: $0, now: now, includeObject: includeObject,
                            groupVersion: groupVersion)
                    })
            ),
        ])
    }

    /// The `object` of one watch event: a one-row Table at the object's resourceVersion. kube-apiserver sends the
    /// column definitions with the first event of a watch only.
    public static func watchEventTable(
        resource: String, object: JSONValue, now: Int64, includeObject: String,
        includeHeaders: Bool, groupVersion: String = defaultGroupVersion
    ) -> JSONValue {
        table(
            resource: resource, objects: [object], now: now, includeObject: includeObject,
            resourceVersion: TableFields.string(object, "metadata", "resourceVersion"), continueToken: nil,
            includeHeaders: includeHeaders, groupVersion: groupVersion)
    }

    /// The 400 BadRequest message kube-apiserver gives for an `includeObject` it does not know, or nil if valid.
    public static func includeObjectError(_ value: String?) -> String? {
        guard let value, !["", "None", "Metadata", "Object"].contains(value) else { return nil }
        return
            "Unable to convert to Table as requested: includeObject: Invalid value: \"\(value)\": must be 'Metadata', 'Object', 'None', or empty"
    }

    /// `meta.k8s.io/v1` or `meta.k8s.io/v1beta1` when the first acceptable Accept clause asks for a Table;
    /// nil when plain JSON comes first.
    public static func tableGroupVersion(accept: String?) -> String? {
        for clause in Discovery.AcceptClause.parse(accept ?? "") {
            if clause.isJSON, clause.params["as"] == "Table", clause.params["g"] == "meta.k8s.io",
                let v = clause.params["v"], v == "v1" || v == "v1beta1"
            {
                return "meta.k8s.io/\(v)"
            }
            if clause.isPlainJSONOrWildcard { return nil }
        }
        return nil
    }

    static func rowObject(resource: String, object: JSONValue, includeObject: String, groupVersion: String) -> JSONValue
    {
        switch includeObject {
        case "None":
            return .null
        case "Object":
            guard object["kind"] == nil || object["apiVersion"] == nil,
                let info = ResourceCatalog.all.first(where: { $0.name == resource })
            else {
                return object
            }
            let rest = (object.members ?? []).filter { $0.key != "kind" && $0.key != "apiVersion" }
            return .object([("kind", .string(info.kind)), ("apiVersion", .string(info.apiVersion))] + rest)
        default:
            return .object([
                ("kind", .string("PartialObjectMetadata")),
                ("apiVersion", .string(groupVersion)),
                ("metadata", object["metadata"] ?? .object([])),
            ])
        }
    }
}
