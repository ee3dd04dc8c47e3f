/// An authorizer that can list what it allows (kube's authorizer.RuleResolver), for SelfSubjectRulesReview.
public protocol RuleResolver: Sendable {
    func rules(for user: UserInfo, namespace: String) -> SubjectRules
}

/// kube's alwaysAllowAuthorizer.RulesFor: every verb on everything.
extension AlwaysAllow: RuleResolver {
    public func rules(for user: UserInfo, namespace: String) -> SubjectRules {
        SubjectRules(
            resourceRules: [.init(verbs: ["*"], apiGroups: ["*"], resources: ["*"])],
            nonResourceRules: [.init(verbs: ["*"], nonResourceURLs: ["*"])])
    }
}

/// kube's alwaysDenyAuthorizer.RulesFor: nothing, and that is the complete list.
extension AlwaysDeny: RuleResolver {
    public func rules(for user: UserInfo, namespace: String) -> SubjectRules { SubjectRules() }
}
