/// printNode: STATUS from the Ready condition (+SchedulingDisabled), ROLES from labels, VERSION, and the wide cells.
enum NodeTableRow {
    typealias F = TableFields

    static func cells(_ node: JSONValue, now: Int64) -> [JSONValue] {
        let info = F.present(node, "status", "nodeInfo")
        let roles = self.roles(node)
        return [
            .string(F.name(node)), .string(status(node)),
            .string(roles.isEmpty ? "<none>" : roles.joined(separator: ",")),
            .string(F.age(node, now: now)), .string(F.string(info, "kubeletVersion")),
            .string(address(node, "InternalIP")), .string(address(node, "ExternalIP")),
            .string(unknownIfEmpty(F.string(info, "osImage"))),
            .string(unknownIfEmpty(F.string(info, "kernelVersion"))),
            .string(unknownIfEmpty(F.string(info, "containerRuntimeVersion"))),
        ]
    }

    static func status(_ node: JSONValue) -> String {
        // The last Ready condition wins, as in the printer's map keyed by type.
        var parts: [String] = []
        if let ready = F.array(node, "status", "conditions").last(where: { F.string($0, "type") == "Ready" }) {
            parts.append(F.string(ready, "status") == "True" ? "Ready" : "NotReady")
        } else {
            parts.append("Unknown")
        }
        if F.bool(node, "spec", "unschedulable") { parts.append("SchedulingDisabled") }
        return parts.joined(separator: ",")
    }

    /// `node-role.kubernetes.io/<role>` labels and a non-empty `kubernetes.io/role`, sorted and unique.
    static func roles(_ node: JSONValue) -> [String] {
        var roles = Set<String>()
        for label in F.present(node, "metadata", "labels")?.members ?? [] {
            if label.key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(label.key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if label.key == "kubernetes.io/role", let value = label.value.string, !value.isEmpty {
                roles.insert(value)
            }
        }
        return roles.sorted()
    }

    static func address(_ node: JSONValue, _ type: String) -> String {
        F.array(node, "status", "addresses").first { F.string($0, "type") == type }.map { F.string($0, "address") }
            ?? "<none>"
    }

    static func unknownIfEmpty(_ s: String) -> String { s.isEmpty ? "<unknown>" : s }
}
