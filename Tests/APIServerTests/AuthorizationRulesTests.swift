import Testing
@testable import APIServer

/// What SelfSubjectRulesReview lists: kube's ABAC RulesFor over sample policies.
@Suite("Authorization: rules a subject has (can-i --list)")
struct AuthorizationRulesTests {
    typealias Resource = SubjectRules.ResourceRule
    typealias NonResource = SubjectRules.NonResourceRule

    static func policy(_ lines: String...) throws -> ABACPolicy {
        try ABACPolicy.parse(lines.joined(separator: "\n"), file: "test.jsonl")
    }

    static func rule(_ spec: String) -> String {
        #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{\#(spec)}}"#
    }

    static let alice = UserInfo(name: "alice", groups: ["devs", "system:authenticated"])

    @Test func aFlatReadOnlyRuleIsEveryResourceAndPathReadOnly() throws {
        let rules = try Self.policy(#"{"user":"alice","readonly":true}"#).rules(for: Self.alice, namespace: "default")
        #expect(rules.resourceRules == [Resource(verbs: ["get", "list", "watch"], apiGroups: ["*"], resources: ["*"])])
        #expect(rules.nonResourceRules == [NonResource(verbs: ["get", "list", "watch"], nonResourceURLs: ["*"])])
        #expect(!rules.incomplete)
    }

    @Test func rulesFollowSubjectNamespaceAndReadOnly() throws {
        let p = try Self.policy(
            Self.rule(#""group":"devs","namespace":"team-a","apiGroup":"","resource":"configmaps""#),
            Self.rule(#""user":"alice","readonly":true,"namespace":"*","apiGroup":"apps","resource":"deployments""#),
            Self.rule(#""user":"bob","namespace":"*","apiGroup":"*","resource":"*","nonResourcePath":"*""#),
            Self.rule(#""group":"system:authenticated","readonly":true,"nonResourcePath":"/version""#),
            Self.rule(#""user":"alice","apiGroup":"","resource":"nodes""#))
        let teamA = p.rules(for: Self.alice, namespace: "team-a")
        #expect(
            teamA.resourceRules == [
                Resource(verbs: ["*"], apiGroups: [""], resources: ["configmaps"]),
                Resource(verbs: ["get", "list", "watch"], apiGroups: ["apps"], resources: ["deployments"]),
            ])
        // The /version rule's namespace is empty: kube lists it only for the empty namespace.
        #expect(teamA.nonResourceRules.isEmpty)
        let other = p.rules(for: Self.alice, namespace: "team-b")
        #expect(
            other.resourceRules == [
                Resource(verbs: ["get", "list", "watch"], apiGroups: ["apps"], resources: ["deployments"])
            ])
        // Someone in none of the subjects has nothing, and that is complete.
        let nobody = p.rules(for: UserInfo(name: "eve", groups: ["system:unauthenticated"]), namespace: "team-a")
        #expect(nobody == SubjectRules())
    }

    @Test func alwaysAllowAndAlwaysDeny() {
        let all = AlwaysAllow().rules(for: Self.alice, namespace: "x")
        #expect(all.resourceRules == [Resource(verbs: ["*"], apiGroups: ["*"], resources: ["*"])])
        #expect(all.nonResourceRules == [NonResource(verbs: ["*"], nonResourceURLs: ["*"])])
        #expect(AlwaysDeny().rules(for: Self.alice, namespace: "x") == SubjectRules())
    }

    /// The first-run policy: every authenticated user (a service account too) may ask who it is and what it
    /// may do, and read the issuer's discovery documents; the viewer reads everything and writes nothing else.
    @Test func theDefaultPolicyLetsEveryoneAskWhoamiAndCanI() throws {
        let p = try ABACPolicy.parse(DefaultPolicy.text, file: "policy.jsonl")
        let account = UserInfo(
            name: "system:serviceaccount:ns:default",
            groups: ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"])
        for path in [
            "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
        ] {
            #expect(
                p.authorize(RequestAttributes.from(method: "POST", path: path[...], query: nil, user: account))
                    == .allow, "\(path)")
        }
        for path in ["/.well-known/openid-configuration", "/openid/v1/jwks"] {
            #expect(
                p.authorize(RequestAttributes.from(method: "GET", path: path[...], query: nil, user: account))
                    == .allow, "\(path)")
        }
        // TokenReview needs a privileged user.
        let review = "/apis/authentication.k8s.io/v1/tokenreviews"[...]
        #expect(p.authorize(RequestAttributes.from(method: "POST", path: review, query: nil, user: account)) != .allow)
        #expect(
            p.authorize(
                RequestAttributes.from(
                    method: "POST", path: review, query: nil,
                    user: UserInfo(name: "viewer", groups: ["system:authenticated"]))) != .allow)
        #expect(
            p.authorize(
                RequestAttributes.from(
                    method: "POST", path: review, query: nil,
                    user: UserInfo(name: "admin", groups: ["system:masters", "system:authenticated"]))) == .allow)
        let viewer = p.rules(for: UserInfo(name: "viewer", groups: ["system:authenticated"]), namespace: "default")
        #expect(
            viewer.resourceRules.contains(
                Resource(verbs: ["get", "list", "watch"], apiGroups: ["*"], resources: ["*"])))
        #expect(
            viewer.resourceRules.contains(
                Resource(verbs: ["*"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"])))
        #expect(!viewer.resourceRules.contains { $0.verbs == ["*"] && $0.resources == ["*"] })
    }
}
