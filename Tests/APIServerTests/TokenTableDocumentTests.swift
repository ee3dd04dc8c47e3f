import Testing
@testable import APIServer

/// The token table as etcd keeps it: digests only, round trips, refusals.
@Suite("Token table: the etcd document")
struct TokenTableDocumentTests {
    static let admin = UserInfo(name: "admin", uid: "1", groups: ["system:masters"])
    static let viewer = UserInfo(name: "viewer", uid: "2")

    @Test func theEtcdDocumentHoldsDigestsAndRoundTrips() throws {
        let table = TokenTable(
            records: CredentialsTokenTableTests.records(("secret-admin-token", Self.admin), ("v1", Self.viewer)),
            modified: 7
        )
        .rotating(["viewer": SecretDigest(of: "v2")], at: 9, graceUntil: 11)
        let bytes = TokenTableDocument.encode(table, changedBy: "apiserver-x")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("secret-admin-token") && !text.contains("\"v2\""))
        #expect(
            text.contains(SecretDigest(of: "secret-admin-token").hex) && text.contains(#""changedBy":"apiserver-x""#))
        let back = try TokenTableDocument.decode(bytes, revision: 42)
        #expect(back.revision == 42 && back.entries == table.entries && back.rotatedAt == table.rotatedAt)
        let auth = back.authenticator()
        #expect(auth.authenticate("v1", now: 10) == .user(Self.viewer))
        #expect(auth.authenticate("v1", now: 11) == .revoked(fingerprint: Fingerprint.of("v1"), user: "viewer"))
        #expect(auth.authenticate("v2") == .user(Self.viewer))

        #expect(throws: CredentialBackendError("the token table in etcd has no tokens list")) {
            try TokenTableDocument.decode(Array(#"{"users":[]}"#.utf8), revision: 1)
        }
        #expect(throws: CredentialBackendError("the token table in etcd: an entry without a valid sha256")) {
            try TokenTableDocument.decode(Array(#"{"tokens":[{"sha256":"abc","user":"u"}]}"#.utf8), revision: 1)
        }
    }
}
