/// The unaggregated discovery documents (meta/v1 APIVersions, APIGroupList, APIGroup, APIResourceList), field for
/// field in kube-apiserver's order. The core documents carry no `apiVersion`, as kube-apiserver's do not.
extension Discovery {
    /// `/api`.
    public static func apiVersions(serverAddress: String) -> JSONValue {
        .object([
            ("kind", .string("APIVersions")),
            ("versions", strings(["v1"])),
            ("serverAddressByClientCIDRs", serverAddressByClientCIDRs(serverAddress)),
        ])
    }

    /// `/apis`.
    public static func apiGroupList(serverAddress: String) -> JSONValue {
        .object([
            ("kind", .string("APIGroupList")),
            ("apiVersion", .string("v1")),
            ("groups", .array(servedGroups.map { groupBody($0, serverAddress: serverAddress) })),
        ])
    }

    /// `/apis/<group>`; nil for a group not served.
    public static func apiGroup(name: String) -> JSONValue? {
        servedGroups.first { $0.group == name }.map(apiGroup)
    }

    /// `/api/v1` (core) or `/apis/<group>/<version>`; nil for a group version not served.
    public static func apiResourceList(groupVersion: String) -> JSONValue? {
        if groupVersion == "v1" { return apiResourceList(coreV1) }
        return servedGroups.first { $0.groupVersion == groupVersion }.map(apiResourceList)
    }

    static func apiGroup(_ served: GroupVersion) -> JSONValue {
        .object(
            [("kind", .string("APIGroup")), ("apiVersion", .string("v1"))]
                + (groupBody(served, serverAddress: nil).members ?? []))
    }

    static func groupBody(_ served: GroupVersion, serverAddress: String?) -> JSONValue {
        let version = JSONValue.object([
            ("groupVersion", .string(served.groupVersion)), ("version", .string(served.version)),
        ])
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(served.group)), ("versions", .array([version])), ("preferredVersion", version),
        ]
        if let serverAddress {
            members.append(("serverAddressByClientCIDRs", serverAddressByClientCIDRs(serverAddress)))
        }
        return .object(members)
    }

    static func serverAddressByClientCIDRs(_ address: String) -> JSONValue {
        .array([.object([("clientCIDR", .string("0.0.0.0/0")), ("serverAddress", .string(address))])])
    }

    /// Resources and their subresources (`pods/status`) as separate entries, sorted by name as kube-apiserver does.
    static func apiResourceList(_ served: GroupVersion) -> JSONValue {
        var entries: [(String, JSONValue)] = []
        for resource in served.resources {
            entries.append((resource.name, apiResource(resource)))
            for sub in resource.subresources {
                let name = "\(resource.name)/\(sub)"
                var members: [(key: String, value: JSONValue)] = [
                    ("name", .string(name)), ("singularName", .string("")), ("namespaced", .bool(resource.namespaced)),
                ]
                // A kind from another group names it, as kube-apiserver's APIResource does (omitted otherwise).
                if let (group, version) = subresourceGroupVersion(sub, of: resource) {
                    members += [("group", .string(group)), ("version", .string(version))]
                }
                members += [
                    ("kind", .string(subresourceKind(sub, of: resource))), ("verbs", strings(subresourceVerbs(sub))),
                ]
                entries.append((name, .object(members)))
            }
        }
        var members: [(key: String, value: JSONValue)] = [("kind", .string("APIResourceList"))]
        if !served.group.isEmpty { members.append(("apiVersion", .string("v1"))) }
        members.append(("groupVersion", .string(served.groupVersion)))
        members.append(("resources", .array(entries.sorted { $0.0 < $1.0 }.map(\.1))))
        return .object(members)
    }

    static func apiResource(_ resource: ResourceInfo) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(resource.name)), ("singularName", .string(resource.singularName)),
            ("namespaced", .bool(resource.namespaced)), ("kind", .string(resource.kind)),
            ("verbs", strings(resource.verbs)),
        ]
        if !resource.shortNames.isEmpty { members.append(("shortNames", strings(resource.shortNames))) }
        let categories = categories(resource)
        if !categories.isEmpty { members.append(("categories", strings(categories))) }
        let hash =
            isStored(resource)
            ? storageVersionHash(group: resource.group, version: resource.version, kind: resource.kind) : ""
        if !hash.isEmpty { members.append(("storageVersionHash", .string(hash))) }
        return .object(members)
    }
}
