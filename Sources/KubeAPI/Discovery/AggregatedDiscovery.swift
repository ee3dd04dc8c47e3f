/// Aggregated discovery (`apidiscovery.k8s.io/v2` and `v2beta1`, the same shape): one APIGroupDiscoveryList
/// for `/api` (the core group, whose name is empty) and one for `/apis` (the named groups).
extension Discovery {
    /// `/api` with an aggregated Accept.
    public static func aggregatedCore(version: AggregatedVersion = .v2) -> JSONValue {
        groupDiscoveryList([coreV1], version: version)
    }

    /// `/apis` with an aggregated Accept.
    public static func aggregatedGroups(version: AggregatedVersion = .v2) -> JSONValue {
        groupDiscoveryList(servedGroups, version: version)
    }

    static func groupDiscoveryList(_ groups: [GroupVersion], version: AggregatedVersion) -> JSONValue {
        .object([
            ("kind", .string("APIGroupDiscoveryList")),
            ("apiVersion", .string(version.apiVersion)),
            ("metadata", .object([])),
            ("items", .array(groups.map(groupDiscovery))),
        ])
    }

    /// `metadata` is an ObjectMeta: name omitted when empty, `creationTimestamp: null` as Go writes a zero time.
    static func groupDiscovery(_ served: GroupVersion) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = []
        if !served.group.isEmpty { metadata.append(("name", .string(served.group))) }
        metadata.append(("creationTimestamp", .null))
        let resources = served.resources.sorted { $0.name < $1.name }.map(resourceDiscovery)
        let version = JSONValue.object([
            ("version", .string(served.version)), ("resources", .array(resources)), ("freshness", .string("Current")),
        ])
        return .object([("metadata", .object(metadata)), ("versions", .array([version]))])
    }

    static func resourceDiscovery(_ resource: ResourceInfo) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("resource", .string(resource.name)),
            ("responseKind", groupVersionKind(group: resource.group, version: resource.version, kind: resource.kind)),
            ("scope", .string(resource.namespaced ? "Namespaced" : "Cluster")),
            ("singularResource", .string(resource.singularName)),
            ("verbs", strings(resource.verbs)),
        ]
        if !resource.shortNames.isEmpty { members.append(("shortNames", strings(resource.shortNames))) }
        let categories = categories(resource)
        if !categories.isEmpty { members.append(("categories", strings(categories))) }
        if !resource.subresources.isEmpty {
            let subs = resource.subresources.sorted().map { sub in
                let (group, version) = subresourceGroupVersion(sub, of: resource) ?? (resource.group, resource.version)
                return JSONValue.object([
                    ("subresource", .string(sub)),
                    (
                        "responseKind",
                        groupVersionKind(group: group, version: version, kind: subresourceKind(sub, of: resource))
                    ),
                    ("verbs", strings(subresourceVerbs(sub))),
                ])
            }
            members.append(("subresources", .array(subs)))
        }
        return .object(members)
    }
}
