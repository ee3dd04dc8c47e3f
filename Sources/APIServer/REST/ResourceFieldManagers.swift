import KubeAPI
import Synchronization

/// The field manager of each write endpoint: the resource's kind and version, the subresource, and the
/// fields the endpoint resets (its registry strategy's GetResetFields): a main resource never writes its
/// status, a status subresource never its spec. Made once per endpoint, with the memo of the field sets its
/// creates give.
enum ResourceFieldManagers {
    private static let made = Mutex<[String: FieldManager]>([:])

    static func manager(_ resource: ResourceInfo, subresource: String) -> FieldManager {
        let key = resource.apiVersion + "/" + resource.name + "/" + subresource
        return made.withLock { made in
            if let manager = made[key] { return manager }
            var manager = FieldManager(
                apiVersion: resource.apiVersion, kind: resource.kind, subresource: subresource,
                resetFields: resetFields(resource.name, subresource: subresource), now: { ObjectRules.timestamp() })
            manager.createdFields = CreatedFieldsMemo()
            made[key] = manager
            return manager
        }
    }

    static func resetFields(_ resource: String, subresource: String) -> FieldSet {
        guard ObjectRules.hasStatus.contains(resource) else { return FieldSet() }
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
