import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// Each port's composed chain as `APIServer` builds it (filters, router, REST, a real store), in-process:
/// what each port's gate lets through and how it refuses the rest.
@Suite("Chain: each port's composed chain in-process")
final class PortChainTests {
    let directory = makeTemporaryDirectory()
    let server: APIServer

    init() throws {
        try "tok-admin,admin,1,\"system:masters\"\ntok-viewer,viewer,2\n".write(
            toFile: directory + "/tokens", atomically: true, encoding: .utf8)
        let policy = [
            #"{"user":"admin"}"#, #"{"user":"viewer","readonly":true}"#,
            #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{"user":"viewer","apiGroup":"authorization.k8s.io","resource":"selfsubjectaccessreviews","namespace":"*"}}"#,
        ]
        try (policy.joined(separator: "\n") + "\n").write(
            toFile: directory + "/policy", atomically: true, encoding: .utf8)
        var config = ServerConfig()
        config.dataDir = directory + "/data"
        config.publicAddressOverride = "127.0.0.1"
        config.accessLog = false
        config.ioLoops = 1
        config.apiRate = 0.001
        config.apiBurst = 3
        config.tokenAuthFile = directory + "/tokens"
        config.authorizationMode = .abac
        config.authorizationPolicyFile = directory + "/policy"
        server = try APIServer(config: config, version: VersionInfo(buildDate: "test"))
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func client(_ port: PortKind) -> InProcessClient {
        InProcessClient(
            server.chain(for: port),
            connection: port == .secure ? InProcessClient.secureConnection() : InProcessClient.plainConnection())
    }

    static let configMap = #"{"metadata":{"name":"cm"},"data":{"k":"v"}}"#

    @Test func localhostServesEverythingToAnyoneAndObservesIt() throws {
        let localhost = client(.localhost)
        let namespace = try localhost.get("/api/v1/namespaces/default")
        #expect(namespace.code == 200)
        #expect(namespace.json["kind"]?.string == "Namespace")
        #expect(try localhost.send("POST", "/api/v1/namespaces/default/configmaps", json: Self.configMap).code == 201)
        let recent = server.observatory.snapshot().recent
        #expect(recent.map(\.port) == [.localhost, .localhost])
        #expect(recent.map(\.status) == [200, 201])
    }

    @Test func readOnlyRefusesWritesBeforeTheRateLimitThenThrottlesReads() throws {
        let readOnly = client(.readOnly)
        for _ in 0..<5 {
            let refused = try readOnly.send("POST", "/api/v1/namespaces/default/configmaps", json: Self.configMap)
            #expect(refused.code == 403)
            #expect(refused.text == "This is a read-only endpoint.\n")
        }
        // The refused writes spent no tokens: the whole burst of 3 is left for reads.
        #expect(try (0..<3).map { _ in try readOnly.get("/api/v1/namespaces").code } == [200, 200, 200])
        let limited = try readOnly.get("/api/v1/namespaces")
        #expect(limited.code == 429)
        #expect(limited.header("Retry-After") != nil)
        #expect(server.observatory.snapshot().recent.map(\.status) == [403, 403, 403, 403, 403, 200, 200, 200, 429])
    }

    @Test func secureAuthenticatesThenAuthorizesByPolicy() throws {
        let secure = client(.secure)
        let anonymous = try secure.get("/api/v1/namespaces/default")
        #expect(anonymous.code == 401)
        #expect(anonymous.reason == "Unauthorized")
        let viewer = [("Authorization", "Bearer tok-viewer")]
        #expect(try secure.get("/api/v1/namespaces/default", headers: viewer).json.name == "default")
        let denied = try secure.send(
            "POST", "/api/v1/namespaces/default/configmaps", json: Self.configMap, headers: viewer)
        #expect(denied.code == 403)
        #expect(
            denied.message
                == #"configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "default": No policy matched."#
        )
        let admin = [("Authorization", "Bearer tok-admin")]
        let created = try secure.send(
            "POST", "/api/v1/namespaces/default/configmaps", json: Self.configMap, headers: admin)
        #expect(created.code == 201)
        #expect(created.json.name == "cm")
        let events = server.observatory.snapshot().recent
        #expect(events.map(\.status) == [401, 200, 403, 201])
        #expect(events.map(\.user) == [nil, "viewer", "viewer", "admin"])
    }

    @Test func theSecurePortsAccessReviewsAnswerFromItsPolicy() throws {
        let review = #"{"spec":{"resourceAttributes":{"verb":"create","resource":"configmaps","namespace":"default"}}}"#
        let path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
        let secure = client(.secure)
        let viewer = try secure.send("POST", path, json: review, headers: [("Authorization", "Bearer tok-viewer")])
        #expect(viewer.code == 201)
        #expect(viewer.json[["status", "allowed"]]?.bool == false)
        #expect(viewer.json[["status", "reason"]]?.string == "No policy matched.")
        let admin = try secure.send("POST", path, json: review, headers: [("Authorization", "Bearer tok-admin")])
        #expect(admin.json[["status", "allowed"]]?.bool == true)
        // The localhost port has no authorizer: everything is allowed there.
        #expect(try client(.localhost).send("POST", path, json: review).json[["status", "allowed"]]?.bool == true)
    }

    #if DEBUG
    /// The chain works a request's attributes out once, whoever reads them (authorizer, router, REST); a path
    /// no one asks about is not parsed at all.
    @Test(arguments: [
        (PortKind.localhost, "/api/v1/namespaces/default", 1), (.readOnly, "/api/v1/namespaces/default", 1),
        (.secure, "/api/v1/namespaces/default", 1), (.secure, "/api/v1/namespaces/default/configmaps?watch=false", 1),
        (.localhost, "/version", 0), (.secure, "/version", 1), (.localhost, "/apis", 0),
    ])
    func eachRequestsPathIsParsedAtMostOnce(_ port: PortKind, _ target: String, _ parses: Int) throws {
        let counter = ParseCounter()
        let answer = try ParseCounter.$current.withValue(counter) {
            try client(port).get(target, headers: [("Authorization", "Bearer tok-admin")])
        }
        #expect(answer.code == 200)
        #expect(counter.count == parses)
    }

    /// An access review builds the attributes it asks about from its body, without parsing a path.
    @Test func anAccessReviewParsesOnlyItsOwnPath() throws {
        let counter = ParseCounter()
        let review = #"{"spec":{"nonResourceAttributes":{"verb":"get","path":"/healthz"}}}"#
        let answer = try ParseCounter.$current.withValue(counter) {
            try client(.secure).send(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", json: review,
                headers: [("Authorization", "Bearer tok-admin")])
        }
        #expect(answer.code == 201)
        #expect(counter.count == 1)
    }
    #endif
}
