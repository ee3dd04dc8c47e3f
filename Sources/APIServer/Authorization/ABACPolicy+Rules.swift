/// kube's ABAC PolicyList.RulesFor (pkg/auth/authorizer/abac/abac.go): every rule whose subject matches and
/// whose namespace is "*" or the one asked about, in file order. A rule naming a resource grants it in its
/// API group; one naming a non-resource path grants that path; read-only rules grant get, list and watch.
/// Nothing is left out, so the list is complete.
extension ABACPolicy: RuleResolver {
    public func rules(for user: UserInfo, namespace: String) -> SubjectRules {
        var rules = SubjectRules()
        for rule in self.rules
        where rule.subjectMatches(user) && (rule.namespace == "*" || rule.namespace.utf8.elementsEqual(namespace.utf8))
        {
            let verbs = SubjectRules.verbs(readonly: rule.readonly)
            if !rule.resource.isEmpty {
                rules.resourceRules.append(.init(verbs: verbs, apiGroups: [rule.apiGroup], resources: [rule.resource]))
            }
            if !rule.nonResourcePath.isEmpty {
                rules.nonResourceRules.append(.init(verbs: verbs, nonResourceURLs: [rule.nonResourcePath]))
            }
        }
        return rules
    }
}
