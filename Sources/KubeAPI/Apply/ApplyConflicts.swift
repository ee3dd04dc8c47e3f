/// Fields an apply would take from other managers without `force` (merge.Conflicts), and kube's answer to
/// them: 409 Conflict, the message listing each field under its manager, one cause per field.
public struct ApplyConflicts: Error, Sendable, Equatable {
    public struct Conflict: Sendable, Equatable {
        public let manager: ManagerIdentity
        public let path: FieldPath
    }

    /// Sorted by manager, then in each manager's set order (preorder), as the message lists them.
    public let conflicts: [Conflict]

    init(_ conflicts: [Conflict]) { self.conflicts = conflicts }

    /// ConflictsFromManagers.
    init(managers: [ManagerIdentity: FieldSet]) {
        conflicts = managers.keys.sorted().flatMap { m in managers[m]!.paths.map { Conflict(manager: m, path: $0) } }
    }

    /// getConflictMessage: `Apply failed with 1 conflict: conflict with "kubectl" using v1: .spec.replicas`,
    /// or, for several, `Apply failed with 2 conflicts: conflicts with "a":\n- .x\n- .y`.
    public var message: String {
        if conflicts.count == 1 {
            return "Apply failed with 1 conflict: conflict with \(conflicts[0].manager): \(conflicts[0].path)"
        }
        var lines: [String] = []
        var current: ManagerIdentity?
        for c in conflicts {
            if c.manager != current {
                lines.append("conflicts with \(c.manager):")
                current = c.manager
            }
            lines.append("- \(c.path)")
        }
        return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
    }

    /// The Status causes: type FieldManagerConflict, `conflict with "kubectl" using v1`, the field path.
    public var causes: [(reason: String, message: String, field: String)] {
        conflicts.map { ("FieldManagerConflict", "conflict with \($0.manager)", $0.path.description) }
    }

    /// The conflicts on paths outside `allowed`.
    func excluding(_ allowed: FieldSet) -> ApplyConflicts {
        ApplyConflicts(conflicts.filter { !allowed.has($0.path) })
    }

    var paths: FieldSet { FieldSet(conflicts.map(\.path)) }
}
