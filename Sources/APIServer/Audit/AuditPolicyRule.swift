/// One rule of an audit policy (audit.k8s.io/v1 `PolicyRule`): a request matches when it matches every
/// field that is set; an empty list matches everything. Matching follows kube-apiserver's policy checker.
public struct AuditPolicyRule: Sendable, Equatable {
    public var level: AuditLevel
    public var users: [String] = []
    public var userGroups: [String] = []
    public var verbs: [String] = []
    public var resources: [AuditGroupResources] = []
    /// "" matches cluster-scoped resources.
    public var namespaces: [String] = []
    /// Paths; `*` alone, or as the final character of a prefix.
    public var nonResourceURLs: [String] = []
    public var omitStages: [AuditStage] = []
    /// Where the rule is in its file (0 for a built-in rule).
    public var line = 0

    public init(level: AuditLevel) { self.level = level }

    /// `user` is nil when the request was not authenticated (a 401): rules naming users or groups then
    /// do not match, as in kube.
    func matches(_ a: RequestAttributes, user: UserInfo?) -> Bool {
        if !users.isEmpty {
            guard let user, users.contains(user.name) else { return false }
        }
        if !userGroups.isEmpty {
            guard let user, user.groups.contains(where: userGroups.contains) else { return false }
        }
        if !verbs.isEmpty && !verbs.contains(a.verb) { return false }
        if !namespaces.isEmpty || !resources.isEmpty { return matchesResource(a) }
        if !nonResourceURLs.isEmpty {
            return !a.isResourceRequest && nonResourceURLs.contains { Self.pathMatches(a.path, $0) }
        }
        return true
    }

    private func matchesResource(_ a: RequestAttributes) -> Bool {
        guard a.isResourceRequest else { return false }
        if !namespaces.isEmpty && !namespaces.contains(a.namespace) { return false }
        if resources.isEmpty { return true }
        let combined = a.subresource.isEmpty ? a.resource : a.resource + "/" + a.subresource
        for group in resources where group.group == a.apiGroup {
            if group.resources.isEmpty { return true }
            guard group.resourceNames.isEmpty || group.resourceNames.contains(a.name) else { continue }
            for resource in group.resources {
                if resource == combined || resource == "*" { return true }
                if !a.subresource.isEmpty && resource.hasPrefix("*/") && a.subresource == resource.dropFirst(2) {
                    return true
                }
                if resource.hasSuffix("/*") && a.resource == resource.dropLast(2) { return true }
            }
        }
        return false
    }

    static func pathMatches(_ path: String, _ spec: String) -> Bool {
        if spec == "*" || spec == path { return true }
        return spec.hasSuffix("*") && path.hasPrefix(spec.dropLast())
    }
}
