import Testing
@testable import APIServer

/// The token table as a value: rotations, edits of the file applied to a table that may have moved on
/// (another master's change), digests in hex.
@Suite("Token table: rotation, edits")
struct CredentialsTokenTableTests {
    static let admin = UserInfo(name: "admin", uid: "1", groups: ["system:masters"])
    static let viewer = UserInfo(name: "viewer", uid: "2")

    static func records(_ lines: (String, UserInfo)...) -> [CredentialRecord] {
        lines.enumerated().map { i, l in
            CredentialRecord(secret: l.0, user: l.1.name, uid: l.1.uid, groups: l.1.groups, line: i + 1)
        }
    }

    @Test func rotatingRevokesEveryOldTokenOfTheUserAndKeepsItsFirstIdentity() {
        let table = TokenTable(
            records: Self.records(("a1", Self.admin), ("v1", Self.viewer), ("a2", UserInfo(name: "admin", uid: "x"))),
            modified: 5)
        let next = table.rotating(["admin": SecretDigest(of: "a3")], at: 100, graceUntil: 200)
        let auth = next.authenticator()
        #expect(auth.authenticate("a3") == .user(Self.admin))
        #expect(auth.authenticate("a1", now: 199) == .user(Self.admin))
        #expect(auth.authenticate("a2", now: 200) == .revoked(fingerprint: Fingerprint.of("a2"), user: "admin"))
        #expect(auth.authenticate("v1") == .user(Self.viewer))
        #expect(next.entries.map(\.user.name) == ["admin", "viewer"])
        #expect(next.rotatedAt == ["admin": 100, "viewer": 5])
    }

    /// The heart of sharing a table: an edit of this master's file changes only the users the edit
    /// touched; another master's rotation of an untouched user stays (a stale line does not bring the
    /// old token back).
    @Test func anEditAppliesOnlyToTheUsersItTouched() {
        let file = Self.records(("a1", Self.admin), ("v1", Self.viewer))
        let elsewhere = TokenTable(records: file, modified: 5).rotating(
            ["viewer": SecretDigest(of: "v2")], at: 50, graceUntil: nil)
        let edited = file + Self.records(("c1", UserInfo(name: "carol", uid: "3")))
        let next = elsewhere.applying(edit: file, to: edited, at: 60, modified: 55, graceUntil: nil)
        let auth = next.authenticator()
        #expect(auth.authenticate("c1") == .user(UserInfo(name: "carol", uid: "3")))
        #expect(auth.authenticate("v2") == .user(Self.viewer))
        #expect(auth.authenticate("v1") == .revoked(fingerprint: Fingerprint.of("v1"), user: "viewer"))
        #expect(next.rotatedAt == ["admin": 5, "viewer": 50, "carol": 55])

        // Changing the admin's token and dropping the viewer's line revokes both old tokens; the
        // viewer is gone (whatever token another master had given it).
        let next2 = next.applying(
            edit: edited, to: Self.records(("a9", Self.admin), ("c1", UserInfo(name: "carol", uid: "3"))),
            at: 70, modified: 65, graceUntil: nil)
        let auth2 = next2.authenticator()
        #expect(auth2.authenticate("a9") == .user(Self.admin))
        #expect(auth2.authenticate("a1") == .revoked(fingerprint: Fingerprint.of("a1"), user: "admin"))
        #expect(auth2.authenticate("v2") == .revoked(fingerprint: Fingerprint.of("v2"), user: "viewer"))
        #expect(next2.entries.map(\.user.name) == ["admin", "carol"])
        #expect(next2.rotatedAt == ["admin": 65, "carol": 55])
        // An unchanged file changes nothing at all.
        #expect(
            next2.applying(edit: edited, to: edited, at: 80, modified: 75, graceUntil: nil).entries == next2.entries)
    }

    @Test func aRevokedTokenPutBackIntoTheFileIsValidAgain() {
        let file = Self.records(("a1", Self.admin))
        let rotated = TokenTable(records: file, modified: 0).rotating(
            ["admin": SecretDigest(of: "a2")], at: 1, graceUntil: nil)
        let renamed = Self.records(("a2", Self.admin))
        let back = rotated.applying(edit: renamed, to: file, at: 2, modified: 2, graceUntil: nil)
        #expect(back.authenticator().authenticate("a1") == .user(Self.admin))
        #expect(back.authenticator().authenticate("a2") == .revoked(fingerprint: Fingerprint.of("a2"), user: "admin"))
    }

    @Test func digestsReadBackFromHexOnlyWhenWhole() {
        let digest = SecretDigest(of: "x")
        #expect(SecretDigest(hex: digest.hex) == digest)
        #expect(SecretDigest(hex: digest.hex.uppercased()) == digest)
        #expect(SecretDigest(hex: String(digest.hex.dropLast())) == nil)
        #expect(SecretDigest(hex: String(digest.hex.dropLast()) + "g") == nil)
    }
}
