import Testing
@testable import APIServer

/// Who may use the console channel on the secure port is the policy's to say: with the first-run policy,
/// system:masters may watch and operate, and nobody else may do either.
@Suite("Console channel and the default policy")
struct ConsoleChannelPolicyTests {
    func decision(_ policy: ABACPolicy, _ method: String, _ path: String, _ user: String, _ groups: [String])
        -> AuthorizationDecision
    {
        let who = UserInfo(name: user, groups: groups + ["system:authenticated"])
        return policy.authorize(RequestAttributes.from(method: method, path: path[...], query: nil, user: who))
    }

    @Test func onlySystemMastersMayWatchAndOperate() throws {
        let policy = try ABACPolicy.parse(DefaultPolicy.text, file: "policy.jsonl")
        let paths = [
            ("GET", ConsoleWire.streamPath), ("GET", ConsoleChannel.helloPath),
            ("POST", ConsoleOperation.rotateToken(user: "x").path),
            ("POST", ConsoleOperation.stop.path),
        ]
        for (method, path) in paths {
            #expect(decision(policy, method, path, "admin", ["system:masters"]) == .allow)
            #expect(decision(policy, method, path, "ops", ["system:masters"]) == .allow)
            #expect(decision(policy, method, path, "viewer", []) == .deny("No policy matched."))
            #expect(decision(policy, method, path, "kubelet", ["system:nodes"]) == .deny("No policy matched."))
            #expect(decision(policy, method, path, "kube-proxy", []) == .deny("No policy matched."))
        }
        // The viewer still reads every resource, the metrics and discovery.
        #expect(decision(policy, "GET", "/api/v1/namespaces/default/secrets", "viewer", []) == .allow)
        #expect(decision(policy, "GET", "/metrics", "viewer", []) == .allow)
        #expect(decision(policy, "GET", "/version", "viewer", []) == .allow)
        #expect(
            decision(policy, "POST", "/api/v1/namespaces/default/pods", "viewer", []) == .deny("No policy matched."))
    }

    @Test func aReadOnlyRuleForTheChannelLetsAUserWatchButNotOperate() throws {
        let extra =
            #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{"user":"viewer","readonly":true,"nonResourcePath":"/debug/console/*"}}"#
        let policy = try ABACPolicy.parse(DefaultPolicy.text + extra + "\n", file: "policy.jsonl")
        #expect(decision(policy, "GET", ConsoleWire.streamPath, "viewer", []) == .allow)
        #expect(
            decision(policy, "POST", ConsoleOperation.reloadPolicy.path, "viewer", []) == .deny("No policy matched."))
    }
}
