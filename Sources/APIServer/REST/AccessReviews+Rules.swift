import HTTP
import KubeAPI

/// SelfSubjectRulesReview (pkg/registry/authorization/selfsubjectrulesreview/rest.go): the rules the port's
/// authorizer grants the requester in spec.namespace. Like kube, the answer carries only the status.
extension AccessReviews {
    func rulesReview(_ review: JSONValue, _ resource: ResourceInfo, user: UserInfo, port: PortKind) throws
        -> HTTPResponse
    {
        guard let namespace = review[["spec", "namespace"]]?.string, !namespace.isEmpty else {
            throw StatusError.badRequest("no namespace on request")
        }
        let rules: SubjectRules
        switch authorizer(port) {
        case nil: rules = AlwaysAllow().rules(for: user, namespace: namespace)  // no authorization on this port
        case let resolver as any RuleResolver: rules = resolver.rules(for: user, namespace: namespace)
        case _?: rules = SubjectRules(incomplete: true, evaluationError: "the authorizer cannot list rules")
        }
        var answer = review
        answer.set("spec", .object([]))
        return ReviewBody.answer(answer, resource, status: Self.status(rules))
    }

    /// SubjectRulesReviewStatus: both lists always present, empty lists and strings inside a rule omitted.
    static func status(_ rules: SubjectRules) -> JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        let resourceRules = rules.resourceRules.map { rule -> JSONValue in
            var members: [(key: String, value: JSONValue)] = [("verbs", strings(rule.verbs))]
            if !rule.apiGroups.isEmpty { members.append(("apiGroups", strings(rule.apiGroups))) }
            if !rule.resources.isEmpty { members.append(("resources", strings(rule.resources))) }
            if !rule.resourceNames.isEmpty { members.append(("resourceNames", strings(rule.resourceNames))) }
            return .object(members)
        }
        let nonResourceRules = rules.nonResourceRules.map { rule -> JSONValue in
            var members: [(key: String, value: JSONValue)] = [("verbs", strings(rule.verbs))]
            if !rule.nonResourceURLs.isEmpty { members.append(("nonResourceURLs", strings(rule.nonResourceURLs))) }
            return .object(members)
        }
        var status: [(key: String, value: JSONValue)] = [
            ("resourceRules", .array(resourceRules)),
            ("nonResourceRules", .array(nonResourceRules)), ("incomplete", .bool(rules.incomplete)),
        ]
        if !rules.evaluationError.isEmpty { status.append(("evaluationError", .string(rules.evaluationError))) }
        return .object(status)
    }
}
