import Testing
@testable import APIServer

@Suite("Authorization: ABAC matching")
struct AuthorizationMatchingTests {
    static let v1beta1 = #""apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy""#

    /// kube's authenticators put every authenticated user in system:authenticated; these users are as
    /// the authentication layer must hand them over.
    static func user(_ name: String, _ groups: String...) -> UserInfo {
        UserInfo(name: name, groups: groups + ["system:authenticated"])
    }

    static func request(_ method: String, _ target: String, as who: UserInfo) -> RequestAttributes {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return RequestAttributes.from(
            method: method, path: parts[0], query: parts.count > 1 ? parts[1] : nil, user: who)
    }

    static func policy(_ lines: String...) throws -> ABACPolicy {
        try ABACPolicy.parse(lines.joined(separator: "\n"), file: "test.jsonl")
    }

    static func allowed(_ p: ABACPolicy, _ method: String, _ target: String, as who: UserInfo) -> Bool {
        p.authorize(request(method, target, as: who)) == .allow
    }

    @Test func flatReadOnlyRuleLetsEveryAuthenticatedUserRead() throws {
        let p = try Self.policy(#"{"readonly":true}"#)
        let carol = Self.user("carol")
        #expect(Self.allowed(p, "GET", "/api/v1/namespaces/x/secrets", as: carol))
        #expect(Self.allowed(p, "GET", "/apis/apps/v1/deployments?watch=1", as: carol))
        #expect(Self.allowed(p, "GET", "/version", as: carol))
        #expect(!Self.allowed(p, "POST", "/api/v1/namespaces/x/pods", as: carol))
        #expect(!Self.allowed(p, "POST", "/logs", as: carol))
        // Without system:authenticated (an authenticator that forgot it, or an anonymous user) nothing matches.
        #expect(!Self.allowed(p, "GET", "/version", as: UserInfo(name: "carol")))
        #expect(
            !Self.allowed(
                p, "GET", "/version", as: UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])))
    }

    @Test func flatUserRuleAllowsEverythingForThatUser() throws {
        let p = try Self.policy(#"{"user":"admin"}"#)
        #expect(Self.allowed(p, "DELETE", "/api/v1/namespaces/kube-system", as: Self.user("admin")))
        #expect(Self.allowed(p, "POST", "/apis/apps/v1/namespaces/a/deployments", as: Self.user("admin")))
        #expect(Self.allowed(p, "PUT", "/some/non-resource/path", as: Self.user("admin")))
        #expect(!Self.allowed(p, "GET", "/version", as: Self.user("administrator")))
    }

    @Test func theDocumentationExampleForBob() throws {
        let p = try Self.policy(#"{"user":"bob","namespace":"projectCaribou","resource":"pods","readonly":true}"#)
        let bob = Self.user("bob")
        #expect(Self.allowed(p, "GET", "/api/v1/namespaces/projectCaribou/pods", as: bob))
        #expect(Self.allowed(p, "GET", "/api/v1/namespaces/projectCaribou/pods/web", as: bob))
        #expect(Self.allowed(p, "GET", "/api/v1/watch/namespaces/projectCaribou/pods", as: bob))
        // resource is still pods
        #expect(Self.allowed(p, "GET", "/api/v1/namespaces/projectCaribou/pods/web/log", as: bob))
        #expect(!Self.allowed(p, "POST", "/api/v1/namespaces/projectCaribou/pods", as: bob))
        #expect(!Self.allowed(p, "GET", "/api/v1/namespaces/other/pods", as: bob))
        #expect(!Self.allowed(p, "GET", "/api/v1/pods", as: bob))  // all namespaces is the cluster scope
        #expect(!Self.allowed(p, "GET", "/api/v1/namespaces/projectCaribou/services", as: bob))
        #expect(!Self.allowed(p, "GET", "/version", as: bob))  // naming a resource drops non-resource paths
    }

    @Test(
        "readonly allows exactly get, list and watch",
        arguments: [
            ("GET", "/api/v1/namespaces/a/pods/p", true), ("GET", "/api/v1/namespaces/a/pods", true),
            ("GET", "/api/v1/namespaces/a/pods?watch=true", true), ("HEAD", "/api/v1/namespaces/a/pods/p", true),
            ("POST", "/api/v1/namespaces/a/pods", false), ("PUT", "/api/v1/namespaces/a/pods/p", false),
            ("PATCH", "/api/v1/namespaces/a/pods/p", false), ("DELETE", "/api/v1/namespaces/a/pods/p", false),
            ("DELETE", "/api/v1/namespaces/a/pods", false), ("OPTIONS", "/api/v1/namespaces/a/pods", false),
            ("GET", "/api/v1/proxy/namespaces/a/pods/p", false),
        ])
    func readonlyVerbs(method: String, target: String, allowed: Bool) throws {
        let p = try Self.policy(
            "{\(Self.v1beta1),\"spec\":{\"user\":\"v\",\"readonly\":true,\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}}"
        )
        #expect(Self.allowed(p, method, target, as: Self.user("v")) == allowed)
    }

    @Test func nonResourcePathsExactPrefixAndWildcard() throws {
        let p = try Self.policy(
            "{\(Self.v1beta1),\"spec\":{\"user\":\"exact\",\"nonResourcePath\":\"/version\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"prefix\",\"nonResourcePath\":\"/apis/*\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"stars\",\"nonResourcePath\":\"/healthz**\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"all\",\"nonResourcePath\":\"*\"}}")
        #expect(Self.allowed(p, "GET", "/version", as: Self.user("exact")))
        #expect(!Self.allowed(p, "GET", "/version/", as: Self.user("exact")))
        #expect(!Self.allowed(p, "GET", "/versions", as: Self.user("exact")))
        #expect(Self.allowed(p, "GET", "/apis/apps", as: Self.user("prefix")))
        #expect(Self.allowed(p, "GET", "/apis/", as: Self.user("prefix")))
        #expect(!Self.allowed(p, "GET", "/apis", as: Self.user("prefix")))  // the prefix is "/apis/"
        #expect(Self.allowed(p, "GET", "/healthz", as: Self.user("stars")))  // every trailing * is trimmed
        #expect(Self.allowed(p, "GET", "/healthzzz/x", as: Self.user("stars")))
        #expect(Self.allowed(p, "POST", "/anything/at/all", as: Self.user("all")))
        // A non-resource rule never matches a resource request, not even "*".
        #expect(!Self.allowed(p, "GET", "/api/v1/pods", as: Self.user("all")))
        #expect(!Self.allowed(p, "GET", "/apis/apps/v1/deployments", as: Self.user("prefix")))
    }

    @Test func apiGroupNamespaceAndResource() throws {
        let p = try Self.policy(
            "{\(Self.v1beta1),\"spec\":{\"user\":\"core\",\"namespace\":\"*\",\"resource\":\"*\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"apps\",\"apiGroup\":\"apps\",\"namespace\":\"prod\",\"resource\":\"deployments\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"nodes\",\"apiGroup\":\"*\",\"resource\":\"nodes\"}}")
        // apiGroup "" is the core group only.
        #expect(Self.allowed(p, "GET", "/api/v1/namespaces/a/pods", as: Self.user("core")))
        #expect(Self.allowed(p, "GET", "/api/v1/nodes", as: Self.user("core")))  // "*" includes the cluster scope
        #expect(!Self.allowed(p, "GET", "/apis/apps/v1/namespaces/a/deployments", as: Self.user("core")))
        #expect(Self.allowed(p, "PUT", "/apis/apps/v1/namespaces/prod/deployments/web/scale", as: Self.user("apps")))
        #expect(!Self.allowed(p, "GET", "/apis/apps/v1/namespaces/dev/deployments", as: Self.user("apps")))
        #expect(!Self.allowed(p, "GET", "/apis/extensions/v1beta1/namespaces/prod/deployments", as: Self.user("apps")))
        // namespace "" matches only cluster-scoped requests.
        #expect(Self.allowed(p, "PUT", "/api/v1/nodes/n1/status", as: Self.user("nodes")))
        #expect(!Self.allowed(p, "GET", "/api/v1/namespaces/a/nodes", as: Self.user("nodes")))
    }

    @Test func groupsAndUsers() throws {
        let p = try Self.policy(
            "{\(Self.v1beta1),\"spec\":{\"group\":\"dev\",\"namespace\":\"dev\",\"resource\":\"*\",\"apiGroup\":\"*\"}}",
            "{\(Self.v1beta1),\"spec\":{\"user\":\"ops\",\"group\":\"oncall\",\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}}",
            "{\(Self.v1beta1),\"spec\":{\"group\":\"system:unauthenticated\",\"readonly\":true,\"nonResourcePath\":\"/healthz\"}}"
        )
        #expect(Self.allowed(p, "POST", "/api/v1/namespaces/dev/pods", as: Self.user("dana", "dev")))
        #expect(!Self.allowed(p, "POST", "/api/v1/namespaces/dev/pods", as: Self.user("dana", "qa")))
        // Naming both a user and a group requires both.
        #expect(Self.allowed(p, "GET", "/api/v1/pods", as: Self.user("ops", "oncall")))
        #expect(!Self.allowed(p, "GET", "/api/v1/pods", as: Self.user("ops")))
        #expect(!Self.allowed(p, "GET", "/api/v1/pods", as: Self.user("olga", "oncall")))
        // system:unauthenticated is just a group name; the authenticator gives it to anonymous requests.
        let anonymous = UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
        #expect(Self.allowed(p, "GET", "/healthz", as: anonymous))
        #expect(!Self.allowed(p, "GET", "/version", as: anonymous))
    }

    @Test func starSubjectsMeanAllAuthenticatedUsers() throws {
        let p = try Self.policy(
            "{\(Self.v1beta1),\"spec\":{\"user\":\"*\",\"readonly\":true,\"nonResourcePath\":\"*\"}}")
        #expect(Self.allowed(p, "GET", "/version", as: Self.user("anyone")))
        #expect(!Self.allowed(p, "GET", "/version", as: UserInfo(name: "anyone")))
    }

    @Test func theFirstMatchingRuleAllows() throws {
        let p = try Self.policy(
            #"{"user":"kubelet","resource":"pods","readonly":true}"#,
            "# kubelet may also write events",
            #"{"user":"kubelet","resource":"events"}"#,
            #"{"user":"kubelet"}"#)
        let kubelet = Self.user("kubelet")
        #expect(p.matchingRule(for: Self.request("GET", "/api/v1/pods", as: kubelet))?.line == 1)
        #expect(p.matchingRule(for: Self.request("POST", "/api/v1/namespaces/a/events", as: kubelet))?.line == 3)
        // Rule 1 does not allow a write, so a later broader rule does.
        #expect(p.matchingRule(for: Self.request("POST", "/api/v1/namespaces/a/pods", as: kubelet))?.line == 4)
        #expect(p.matchingRule(for: Self.request("GET", "/api/v1/pods", as: Self.user("bob"))) == nil)
        #expect(p.authorize(Self.request("GET", "/api/v1/pods", as: Self.user("bob"))) == .deny("No policy matched."))
    }

    @Test func namesAreComparedByteForByte() throws {
        // "K" and KELVIN SIGN (U+212A) are canonically equivalent, so Swift's == calls them equal; Go does not.
        let p = try Self.policy(#"{"user":"Kim"}"#)
        #expect(Self.allowed(p, "GET", "/version", as: Self.user("Kim")))
        #expect(!Self.allowed(p, "GET", "/version", as: Self.user("\u{212A}im")))
    }

    @Test func fixedAuthorizers() {
        let a = Self.request("GET", "/version", as: Self.user("x"))
        #expect(AlwaysAllow().authorize(a) == .allow)
        #expect(AlwaysDeny().authorize(a) == .deny("Everything is forbidden."))
        let chosen: [any Authorizer] = [AlwaysAllow(), AlwaysDeny(), ABACPolicy(rules: [])]
        #expect(chosen.map { $0.authorize(a) == .allow } == [true, false, false])
    }
}
