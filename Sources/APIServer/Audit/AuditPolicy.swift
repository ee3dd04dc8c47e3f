/// An audit policy (audit.k8s.io/v1 `Policy`): the first rule a request matches gives its level; no
/// match is level None.
public struct AuditPolicy: Sendable, Equatable {
    public var rules: [AuditPolicyRule]
    /// Stages no event is made for, whatever the rule.
    public var omitStages: [AuditStage]
    /// The file it came from; nil for the built-in policy.
    public var path: String?

    public init(rules: [AuditPolicyRule], omitStages: [AuditStage] = [], path: String? = nil) {
        self.rules = rules
        self.omitStages = omitStages
        self.path = path
    }

    /// Without `--audit-policy-file`: every request at level Metadata. (kube-apiserver records nothing
    /// without a policy; here an audit log path alone is enough to get one.)
    public static let metadataForEverything = AuditPolicy(rules: [AuditPolicyRule(level: .metadata)])

    /// The level of a request and the stages to leave out (the policy's and the rule's together).
    func decide(_ a: RequestAttributes, user: UserInfo?) -> (level: AuditLevel, omitStages: [AuditStage]) {
        for rule in rules where rule.matches(a, user: user) {
            return (rule.level, rule.omitStages.isEmpty ? omitStages : omitStages + rule.omitStages)
        }
        return (.none, omitStages)
    }
}
