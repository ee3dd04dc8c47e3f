/// audit.k8s.io/v1 `GroupResources`: resources of one API group ("" is the core group).
public struct AuditGroupResources: Sendable, Equatable {
    public var group = ""
    /// `pods`, `pods/status`, `*`, `pods/*`, `*/status`; empty: every resource of the group.
    public var resources: [String] = []
    /// Needs `resources`; empty: every object.
    public var resourceNames: [String] = []

    public init(group: String = "", resources: [String] = [], resourceNames: [String] = []) {
        self.group = group
        self.resources = resources
        self.resourceNames = resourceNames
    }
}
