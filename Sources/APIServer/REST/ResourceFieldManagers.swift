import KubeAPI

/// The field manager of each write endpoint: the resource's kind and version, the subresource, and the
/// fields the endpoint resets (its registry strategy's GetResetFields): a main resource never writes its
/// status, a status subresource never its spec.
enum ResourceFieldManagers {
    static func manager(_ resource: ResourceInfo, subresource: String) -> FieldManager {
        FieldManager(
            apiVersion: resource.apiVersion, kind: resource.kind, subresource: subresource,
            resetFields: resetFields(resource.name, subresource: subresource), now: { ObjectRules.timestamp() })
    }

    static func resetFields(_ resource: String, subresource: String) -> FieldSet {
        guard ["pods", "nodes", "services", "namespaces"].contains(resource) else { return FieldSet() }
        guard subresource == "status" else { return FieldSet([FieldPath(fields: "status")]) }
        if resource == "pods" {
            return FieldSet([
                FieldPath(fields: "spec"), FieldPath(fields: "metadata", "deletionTimestamp"),
                FieldPath(fields: "metadata", "ownerReferences"),
            ])
        }
        return FieldSet([FieldPath(fields: "spec")])
    }
}
