/// What a subject may do in a namespace, as a SelfSubjectRulesReview reports it (kube's RuleResolver
/// answer): rules that each grant verbs, and whether the list may be missing some.
public struct SubjectRules: Sendable, Equatable {
    public struct ResourceRule: Sendable, Equatable {
        public var verbs: [String]
        public var apiGroups: [String]
        public var resources: [String]
        public var resourceNames: [String] = []
    }

    public struct NonResourceRule: Sendable, Equatable {
        public var verbs: [String]
        public var nonResourceURLs: [String]
    }

    public var resourceRules: [ResourceRule] = []
    public var nonResourceRules: [NonResourceRule] = []
    /// True when the authorizer cannot list everything it would allow.
    public var incomplete = false
    public var evaluationError = ""

    /// kube's getVerbs: a read-only grant is get, list and watch; any other is every verb.
    static func verbs(readonly: Bool) -> [String] { readonly ? ["get", "list", "watch"] : ["*"] }
}
