import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// whoami, can-i --list, TokenRequest and TokenReview through the ports' chains as `APIServer` builds them,
/// with the first-run credentials (generated tokens, the default policy, a generated signing key), in-process.
@Suite("Chain: service account tokens and the self reviews in-process")
final class ServiceAccountChainTests {
    let directory = makeTemporaryDirectory()
    let server: APIServer
    let tokens: [String: String]

    init() throws {
        var config = ServerConfig()
        config.dataDir = directory
        config.publicAddressOverride = "127.0.0.1"
        config.accessLog = false
        config.ioLoops = 1
        server = try APIServer(config: config, version: VersionInfo(buildDate: "test"))
        var tokens: [String: String] = [:]
        for record in try TokenFile.load(path: directory + "/tokens.csv") { tokens[record.user] = record.secret }
        self.tokens = tokens
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func secure(_ method: String, _ target: String, _ json: String = "{}", as token: String) throws -> RecordedResponse
    {
        try InProcessClient(server.chain(for: .secure), connection: InProcessClient.secureConnection())
            .send(method, target, json: json, headers: [("Authorization", "Bearer \(token)")])
    }

    func localhost(_ method: String, _ target: String, _ json: String = "{}") throws -> RecordedResponse {
        try InProcessClient(server.chain(for: .localhost), connection: InProcessClient.plainConnection()).send(
            method, target, json: json)
    }

    static let whoami = "/apis/authentication.k8s.io/v1/selfsubjectreviews"
    static let rules = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"

    @Test func whoamiAndCanIListAnswerForTheRequesterFromThePolicy() throws {
        let viewer = try #require(tokens["viewer"])
        let me = try secure("POST", Self.whoami, as: viewer)
        #expect(me.code == 201)
        #expect(me.json["kind"]?.string == "SelfSubjectReview")
        #expect(
            me.json[["status", "userInfo"]]
                == .object([
                    ("username", .string("viewer")), ("uid", .string("viewer")),
                    ("groups", .array([.string("system:authenticated")])),
                ]))
        let list = try secure("POST", Self.rules, #"{"spec":{"namespace":"default"}}"#, as: viewer)
        #expect(list.code == 201)
        #expect(list.json[["status", "incomplete"]] == .bool(false))
        let resourceRules = list.json[["status", "resourceRules"]]?.array ?? []
        #expect(
            resourceRules.contains(
                .object([
                    ("verbs", .array(["get", "list", "watch"].map { .string($0) })),
                    ("apiGroups", .array([.string("*")])), ("resources", .array([.string("*")])),
                ])))
        #expect(
            !resourceRules.contains {
                $0["verbs"] == .array([.string("*")]) && $0["resources"] == .array([.string("*")])
            })
        let noNamespace = try secure("POST", Self.rules, #"{"spec":{}}"#, as: viewer)
        #expect(noNamespace.code == 400 && noNamespace.message == "no namespace on request")
        // The localhost port authenticates no one and authorizes everything.
        let anonymous = try localhost("POST", Self.whoami)
        #expect(anonymous.code == 400 && anonymous.message == "no user present on request")
        let everything = try localhost("POST", Self.rules, #"{"spec":{"namespace":"x"}}"#)
        #expect(
            everything.json[["status", "resourceRules"]]
                == .array([
                    .object([
                        ("verbs", .array([.string("*")])),
                        ("apiGroups", .array([.string("*")])), ("resources", .array([.string("*")])),
                    ])
                ]))
    }

    @Test func aTokenForAnAccountAuthenticatesAsItUntilTheAccountIsDeleted() throws {
        let admin = try #require(tokens["admin"])
        let issued = try secure("POST", "/api/v1/namespaces/kube-system/serviceaccounts/default/token", as: admin)
        #expect(issued.code == 201)
        let token = try #require(issued.json[["status", "token"]]?.string)
        #expect(
            server.serviceAccounts?.issued.snapshot().map { "\($0.namespace)/\($0.name) \($0.count)" } == [
                "kube-system/default 1"
            ])

        let me = try secure("POST", Self.whoami, as: token)
        #expect(me.json[["status", "userInfo", "username"]]?.string == "system:serviceaccount:kube-system:default")
        let review = try secure(
            "POST", "/apis/authentication.k8s.io/v1/tokenreviews", #"{"spec":{"token":"\#(token)"}}"#, as: admin)
        #expect(review.json[["status", "authenticated"]] == .bool(true))
        #expect(
            review.json[["status", "user", "groups"]]
                == .array(
                    [
                        "system:serviceaccounts", "system:serviceaccounts:kube-system",
                        "system:authenticated",
                    ].map { .string($0) }))

        #expect(try secure("DELETE", "/api/v1/namespaces/kube-system/serviceaccounts/default", as: admin).code == 200)
        let refused = try secure("POST", Self.whoami, as: token)
        #expect(refused.code == 401)
        let failure = server.observatory.snapshot().authFailures.last
        #expect(failure?.reason == .serviceAccountToken)
        #expect(failure?.subject == #"system:serviceaccount:kube-system:default: serviceaccounts "default" not found"#)
        let after = try secure(
            "POST", "/apis/authentication.k8s.io/v1/tokenreviews", #"{"spec":{"token":"\#(token)"}}"#, as: admin)
        #expect(after.json[["status", "error"]]?.string == #"serviceaccounts "default" not found"#)
    }

    @Test func aNamespaceComesWithItsDefaultServiceAccountButNotInADryRun() throws {
        #expect(try localhost("POST", "/api/v1/namespaces", #"{"metadata":{"name":"fresh"}}"#).code == 201)
        let account = try localhost("GET", "/api/v1/namespaces/fresh/serviceaccounts/default")
        #expect(account.code == 200)
        #expect(account.json["kind"]?.string == "ServiceAccount")
        #expect(try localhost("POST", "/api/v1/namespaces?dryRun=All", #"{"metadata":{"name":"dry"}}"#).code == 201)
        #expect(try localhost("GET", "/api/v1/namespaces/dry/serviceaccounts/default").code == 404)
    }
}
