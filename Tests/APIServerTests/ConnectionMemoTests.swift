import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer

/// What a connection remembers between requests (the bearer token's user, the last authorization
/// decision) never outlives the table it came from: a policy reload or a token rotation changes the very
/// next request on the same keep-alive connection.
@Suite("Per-connection memo of authentication and authorization")
struct ConnectionMemoTests {
    struct Allowed: APIHandler {
        func handle(_ exchange: Exchange) { exchange.respond(.text(.ok, "allowed")) }
    }

    /// The secure port's filters on a plain listener (the bearer header and the policy are all they need).
    final class Fixture {
        let dir: String
        let tokens: TokenStore
        let policy: PolicyStore
        let server = HTTPServer(loopCount: 1)
        let port: Int

        init(policyLines: String) throws {
            var template = Array("/tmp/kc-memo-XXXXXX".utf8CString)
            dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
            try "token-of-alice,alice,1\ntoken-of-bob,bob,2\n".write(
                toFile: dir + "/tokens.csv", atomically: true, encoding: .utf8)
            try policyLines.write(toFile: dir + "/policy.jsonl", atomically: true, encoding: .utf8)
            tokens = try TokenStore(path: dir + "/tokens.csv")
            policy = try PolicyStore(mode: .abac, path: dir + "/policy.jsonl")
            let observatory = Observatory(shards: 1)
            let chain = FilterChain(
                port: .secure,
                filters: [
                    AuthenticationFilter(
                        credentials: CredentialSet(basic: nil, clientCertificates: false, tokens: tokens),
                        observatory: observatory),
                    AuthorizationFilter(policy: policy, observatory: observatory),
                ], endpoint: Allowed(), rejections: ObserveFilter(observatory: observatory, accessLog: nil))
            port = try server.bind(ListenerConfiguration(name: "secure", host: "127.0.0.1", port: 0, handler: chain))
                .port
            try server.start()
        }

        deinit {
            server.shutdown(gracePeriod: .seconds(1))
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    static func get(_ client: RawClient, _ path: String, token: String) throws -> Int {
        try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n")
        return try client.readResponse().status
    }

    static let alicePods = #"{"user":"alice","namespace":"default","resource":"pods","readonly":true}"# + "\n"

    @Test func aPolicyReloadDecidesTheNextRequestOnTheSameConnection() throws {
        let f = try Fixture(policyLines: Self.alicePods)
        let c = try RawClient(port: f.port)
        let path = "/api/v1/namespaces/default/pods/web-0"
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)  // from the memo
        try #"{"user":"alice","namespace":"other","resource":"pods","readonly":true}"#.write(
            toFile: f.dir + "/policy.jsonl", atomically: true, encoding: .utf8)
        #expect(f.policy.reload() == .loaded(rules: 1))
        #expect(try Self.get(c, path, token: "token-of-alice") == 403)
        // And back: allowed again at once.
        try Self.alicePods.write(toFile: f.dir + "/policy.jsonl", atomically: true, encoding: .utf8)
        #expect(f.policy.reload() == .loaded(rules: 1))
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)
    }

    @Test func anotherUserOnTheSameConnectionIsDecidedForHimself() throws {
        let f = try Fixture(policyLines: Self.alicePods)
        let c = try RawClient(port: f.port)
        let path = "/api/v1/namespaces/default/pods/web-0"
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)
        #expect(try Self.get(c, path, token: "token-of-bob") == 403)
        #expect(try Self.get(c, path, token: "token-of-nobody") == 401)
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)
    }

    @Test func aRotatedTokenIsRefusedOnTheSameConnection() throws {
        let f = try Fixture(policyLines: Self.alicePods)
        let c = try RawClient(port: f.port)
        let path = "/api/v1/namespaces/default/pods/web-0"
        #expect(try Self.get(c, path, token: "token-of-alice") == 200)
        let fresh = try f.tokens.rotateToken(user: "alice")
        #expect(try Self.get(c, path, token: "token-of-alice") == 401)
        #expect(try Self.get(c, path, token: fresh) == 200)
    }
}
