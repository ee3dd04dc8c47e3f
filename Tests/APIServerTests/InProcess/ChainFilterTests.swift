import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer

/// Each filter alone, in a one-filter chain in front of an endpoint that answers 200 `reached`: what it lets
/// through, what it answers itself (status, headers, body), and what it records.
@Suite("Chain: each filter in-process")
struct ChainFilterTests {
    @Test func observeRecordsEachAnswerWithItsPortClientAndSize() throws {
        let observatory = Observatory(shards: 1)
        let endpoint = ChainEndpoint()
        let client = endpoint.client(
            .readOnly, [ObserveFilter(observatory: observatory, accessLog: nil)],
            connection: InProcessClient.plainConnection(peerHost: "10.1.2.3"))
        let answer = try client.get("/version?pretty=1")
        #expect(answer.code == 200)
        #expect(answer.text == "reached\n")
        _ = try client.send("HEAD", "/healthz")
        let events = observatory.snapshot().recent
        #expect(events.count == 2)
        let get = try #require(events.first)
        #expect(
            (get.port, get.client, get.method, get.path, get.status, get.bytes) == (
                .readOnly, "10.1.2.3", "GET", "/version", 200, 8
            ))
        #expect(get.latencyNanoseconds >= 0)
        #expect(events.last?.bytes == 0)  // a HEAD answer carries no body
        #expect(endpoint.exchanges.count == 2)
    }

    @Test func readOnlyGatePassesReadsAndRefusesWrites() throws {
        let endpoint = ChainEndpoint()
        let client = endpoint.client(.readOnly, [ReadOnlyGate()])
        #expect(try client.get("/api/v1/pods").text == "reached\n")
        #expect(try client.send("HEAD", "/api/v1/pods").code == 200)
        for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            let refused = try client.send(method, "/api/v1/namespaces/default/pods")
            #expect(refused.code == 403)
            #expect(refused.text == "This is a read-only endpoint.\n")
            #expect(refused.header("Content-Type") == "text/plain; charset=utf-8")
        }
        #expect(endpoint.exchanges.count == 2)
    }

    @Test func rateLimitAnswers429WithRetryAfterBeyondTheBurst() throws {
        let endpoint = ChainEndpoint()
        let limiter = RateLimiter(settings: .init(rate: 0.001, burst: 2), now: monotonicNanoseconds())
        let client = endpoint.client(.readOnly, [RateLimitFilter(limiter: limiter)])
        #expect(try client.get("/version").code == 200)
        #expect(try client.get("/version").code == 200)
        let limited = try client.get("/version")
        #expect(limited.code == 429)
        #expect(limited.header("Content-Type") == "application/json")
        #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(limited.reason == "TooManyRequests")
        #expect(limited.message == "Too many requests, please try again later.")
        #expect(endpoint.exchanges.count == 2)
    }

    @Test func rateLimitKeepsABucketPerClient() throws {
        let endpoint = ChainEndpoint()
        let limiter = RateLimiter(
            settings: .init(rate: 1000, burst: 1000, ratePerClient: 0.001, burstPerClient: 1),
            now: monotonicNanoseconds())
        let filter = RateLimitFilter(limiter: limiter)
        let first = endpoint.client(
            .readOnly, [filter], connection: InProcessClient.plainConnection(peerHost: "10.0.0.1"))
        let second = endpoint.client(
            .readOnly, [filter], connection: InProcessClient.plainConnection(peerHost: "10.0.0.2"))
        #expect(try first.get("/version").code == 200)
        #expect(try first.get("/version").code == 429)
        #expect(try second.get("/version").code == 200)
    }

    @Test func authorizationAllowsByPolicyAndKeepsTheAttributes() throws {
        let policy = try Policies.abac(#"{"user":"alice"}"#, #"{"user":"bob","readonly":true}"#)
        let endpoint = ChainEndpoint()
        let observatory = Observatory(shards: 1)
        let alice = endpoint.client(
            .secure, [AsUser("alice"), AuthorizationFilter(policy: policy, observatory: observatory)])
        #expect(try alice.send("DELETE", "/api/v1/namespaces/default/pods/web").code == 200)
        let exchange = try #require(endpoint.exchanges.last)
        #expect(exchange.user?.name == "alice")
        let attributes = exchange.attributes  // the ones the authorizer worked out, kept for the router
        #expect(attributes.user.name == "alice")
        #expect(
            (attributes.verb, attributes.namespace, attributes.resource, attributes.name) == (
                "delete", "default", "pods", "web"
            ))
        #expect(observatory.snapshot().authFailures.isEmpty)
    }

    @Test func authorizationDeniesWithKubesMessageAndRecordsIt() throws {
        let policy = try Policies.abac(#"{"user":"bob","readonly":true}"#)
        let endpoint = ChainEndpoint()
        let observatory = Observatory(shards: 1)
        let bob = endpoint.client(
            .secure, [AsUser("bob"), AuthorizationFilter(policy: policy, observatory: observatory)])
        #expect(try bob.get("/api/v1/namespaces/default/configmaps").code == 200)
        let denied = try bob.send("POST", "/api/v1/namespaces/default/configmaps", json: "{}")
        #expect(denied.code == 403)
        #expect(denied.header("Content-Type") == "application/json")
        #expect(denied.reason == "Forbidden")
        #expect(
            denied.message
                == #"configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default": No policy matched."#
        )
        let anonymous = endpoint.client(.secure, [AuthorizationFilter(policy: policy, observatory: observatory)])
        #expect(
            try anonymous.get("/version").message
                == #"forbidden: User "system:anonymous" cannot get path "/version": No policy matched."#)
        let failures = observatory.snapshot().authFailures
        #expect(failures.map(\.reason) == [.forbidden, .forbidden])
        #expect(failures.map(\.subject) == ["bob", "system:anonymous"])
        #expect(endpoint.exchanges.count == 1)
    }
}

/// Stands in for the authenticator: the request is from `name`.
struct AsUser: APIFilter {
    let user: UserInfo
    init(_ name: String, groups: [String] = ["system:authenticated"]) { user = UserInfo(name: name, groups: groups) }

    func handle(_ exchange: Exchange, next: any APIHandler) {
        exchange.user = user
        next.handle(exchange)
    }
}

/// ABAC policies written to a temporary file, as `--authorization-policy-file` loads them.
enum Policies {
    static func abac(_ lines: String...) throws -> PolicyStore {
        let directory = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/policy.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try PolicyStore(mode: .abac, path: path)
    }
}
