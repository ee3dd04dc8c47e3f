import Foundation
import HTTP
import Testing
import TestSupport
@testable import APIServer

/// The secure port's authenticator alone: basic auth, client certificates and bearer tokens, first success
/// wins; a failure is a 401 Status and an auth-failure event with its reason.
@Suite("Chain: authentication in-process")
final class AuthenticationFilterTests {
    let directory = makeTemporaryDirectory()
    let observatory = Observatory(shards: 1)
    let endpoint = ChainEndpoint()

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func tokens() throws -> TokenStore {
        let path = directory + "/tokens.csv"
        try "tok-alice,alice,1,\"dev\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        return try TokenStore(path: path)
    }

    func client(_ credentials: CredentialSet, identity: PeerIdentity? = nil) -> InProcessClient {
        endpoint.client(
            .secure, [AuthenticationFilter(credentials: credentials, observatory: observatory)],
            connection: InProcessClient.secureConnection(peerHost: "10.9.8.7", peerIdentity: identity))
    }

    @Test func aBearerTokenAuthenticatesItsUser() throws {
        let client = client(CredentialSet(basic: nil, clientCertificates: false, tokens: try tokens()))
        let answer = try client.get("/version", headers: [("Authorization", "Bearer tok-alice")])
        #expect(answer.code == 200)
        let user = try #require(endpoint.exchanges.last?.user)
        #expect(user == UserInfo(name: "alice", uid: "1", groups: ["dev", "system:authenticated"]))
        #expect(observatory.snapshot().authFailures.isEmpty)
    }

    @Test func noCredentialsOrAnUnknownTokenIs401() throws {
        let client = client(CredentialSet(basic: nil, clientCertificates: false, tokens: try tokens()))
        let none = try client.get("/version")
        #expect(none.code == 401)
        #expect(none.header("Content-Type") == "application/json")
        #expect(none.header("WWW-Authenticate") == nil)  // only basic auth asks for credentials
        #expect((none.reason, none.message) == ("Unauthorized", "Unauthorized"))
        #expect(try client.get("/version", headers: [("Authorization", "Bearer nope")]).code == 401)
        #expect(try client.get("/version", headers: [("Authorization", "Token tok-alice")]).code == 401)
        let failures = observatory.snapshot().authFailures
        #expect(failures.map(\.reason) == [.noCredentials, .unknownToken, .malformedHeader])
        #expect(failures.allSatisfy { $0.client == "10.9.8.7" && $0.port == .secure && $0.path == "/version" })
        #expect(!failures[1].subject.contains("nope"))  // a token is shown by fingerprint only
        #expect(endpoint.exchanges.isEmpty)
    }

    @Test func basicAuthChecksThePasswordAndAsksForCredentials() throws {
        let basic = BasicAuthenticator(records: [
            CredentialRecord(secret: "s3cret", user: "carol", uid: "7", groups: ["ops"])
        ])
        let client = client(CredentialSet(basic: basic, clientCertificates: false, tokens: nil))
        let good = Data("carol:s3cret".utf8).base64EncodedString()
        #expect(try client.get("/version", headers: [("Authorization", "Basic \(good)")]).code == 200)
        #expect(endpoint.exchanges.last?.user?.name == "carol")
        let bad = Data("carol:guess".utf8).base64EncodedString()
        let refused = try client.get("/version", headers: [("Authorization", "basic \(bad)")])
        #expect(refused.code == 401)
        #expect(refused.header("WWW-Authenticate") == #"Basic realm="kubernetes-master""#)
        #expect(observatory.snapshot().authFailures.map(\.reason) == [.badPassword])
    }

    @Test func aVerifiedClientCertificateIsItsCommonNameAndOrganizations() throws {
        let identity = PeerIdentity(
            commonName: "kubelet", organizations: ["system:nodes"], verificationError: nil, notAfter: "Jan 1 2030")
        #expect(
            try client(CredentialSet(basic: nil, clientCertificates: true, tokens: nil), identity: identity).get(
                "/version"
            ).code == 200)
        #expect(
            endpoint.exchanges.last?.user
                == UserInfo(name: "kubelet", groups: ["system:nodes", "system:authenticated"]))
    }

    @Test func anUnverifiedCertificateLosesToATokenAndIsReportedAlone() throws {
        let expired = PeerIdentity(
            commonName: "old", organizations: [], verificationError: "certificate has expired", isExpired: true,
            notAfter: "Jan 1 2001")
        let client = client(
            CredentialSet(basic: nil, clientCertificates: true, tokens: try tokens()), identity: expired)
        #expect(try client.get("/version", headers: [("Authorization", "Bearer tok-alice")]).code == 200)
        #expect(endpoint.exchanges.last?.user?.name == "alice")
        #expect(try client.get("/version").code == 401)
        #expect(observatory.snapshot().authFailures.map(\.reason) == [.expiredCertificate])
        #expect(observatory.snapshot().authFailures.first?.subject == "old")
    }
}
