#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import APIServer

@Suite("Atomic file replacement")
struct CredentialsAtomicFileTests {
    @Test func replacesContentWithMode0600() throws {
        let dir = CredentialsScratchDirectory()
        let path = dir.write("tokens.csv", "old contents\n", mode: 0o644)
        try AtomicFile.write(Array("new\n".utf8), to: path)
        #expect(dir.read("tokens.csv") == "new\n")
        #expect(dir.mode("tokens.csv") == 0o600)
        #expect(dir.entries() == ["tokens.csv"])  // no temporary file left behind
    }

    @Test func createsAMissingFile() throws {
        let dir = CredentialsScratchDirectory()
        try AtomicFile.write([], to: dir.file("empty"))
        #expect(dir.read("empty") == "")
        #expect(dir.mode("empty") == 0o600)
    }

    /// open()'s mode passes through the umask (usually 022, which would clear the group and other
    /// write bits asked for here); fchmod makes the mode exact.
    @Test func modeIsExactWhateverTheUmask() throws {
        let dir = CredentialsScratchDirectory()
        try AtomicFile.write(Array("x".utf8), to: dir.file("f"), mode: 0o666)
        #expect(dir.mode("f") == 0o666)
    }

    /// A crash between the write and the rename: at that moment the target still holds the old content
    /// and the new content sits complete in a hidden temporary file; the aborted write leaves the old
    /// file exactly as it was.
    @Test func crashBeforeRenameLeavesTheOldFileWhole() throws {
        let dir = CredentialsScratchDirectory()
        let old = "t1,alice,1\nt2,bob,2\n"
        let path = dir.write("tokens.csv", old)
        let new = Array("t3,alice,1\nt4,bob,2\n".utf8)
        var seenTemporary = ""

        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write(new, to: path, mode: 0o600) { temporary throws(AtomicFileError) in
                seenTemporary = temporary
                #expect(dir.read("tokens.csv") == old)
                let name = String(temporary.dropFirst(dir.path.count + 1))
                #expect(name.hasPrefix(".tokens.csv.tmp-"))
                #expect(dir.read(name) == String(decoding: new, as: UTF8.self))
                #expect(dir.mode(name) == 0o600)
                #expect(dir.entries().count == 2)
                throw AtomicFileError(path: path, step: .rename, errno: EIO)  // the "crash"
            }
        }
        #expect(error?.step == .rename)
        #expect(!seenTemporary.isEmpty)
        #expect(dir.read("tokens.csv") == old)
        #expect(try TokenFile.load(path: path).map(\.secret) == ["t1", "t2"])
        #expect(dir.entries() == ["tokens.csv"])
    }

    @Test func failureNamesThePathAndErrno() {
        let dir = CredentialsScratchDirectory()
        let path = dir.path + "/missing-directory/tokens.csv"
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write(Array("x".utf8), to: path)
        }
        #expect(error?.step == .createTemporary)
        #expect(error?.errno == ENOENT)
        #expect(error?.description == "cannot create a temporary file for \(path): No such file or directory")
    }

    @Test func failedRenameRemovesTheTemporaryFile() {
        let dir = CredentialsScratchDirectory()
        // A non-empty directory at the target: rename(2) refuses to replace it.
        mkdir(dir.file("target"), 0o700)
        dir.write("target/keep", "x")
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write(Array("x".utf8), to: dir.file("target"))
        }
        #expect(error?.step == .rename)
        #expect(dir.entries() == ["target"])
    }

    @Test func followsASymbolicLink() throws {
        let dir = CredentialsScratchDirectory()
        mkdir(dir.file("real"), 0o700)
        dir.write("real/tokens.csv", "old\n")
        symlink(dir.file("real/tokens.csv"), dir.file("link.csv"))
        try AtomicFile.write(Array("new\n".utf8), to: dir.file("link.csv"))
        var st = stat()
        lstat(dir.file("link.csv"), &st)
        #expect((st.st_mode & S_IFMT) == S_IFLNK)
        #expect(dir.read("real/tokens.csv") == "new\n")
    }
}

@Suite("Token and password lookup")
struct CredentialsAuthenticatorTests {
    let records = [
        CredentialRecord(secret: "alice-token", user: "alice", uid: "1", groups: ["system:masters"]),
        CredentialRecord(secret: "bob-token", user: "bob", uid: "2"),
    ]

    @Test func knownTokensAuthenticateAndOthersAreUnknown() {
        let auth = TokenAuthenticator(records: records)
        #expect(
            auth.authenticate("alice-token") == .user(UserInfo(name: "alice", uid: "1", groups: ["system:masters"])))
        #expect(auth.authenticate("bob-token") == .user(UserInfo(name: "bob", uid: "2")))
        for wrong in ["alice-toke", "alice-token ", "ALICE-TOKEN", "", "alice-token\u{0}"] {
            #expect(auth.authenticate(wrong) == .unknown(fingerprint: Fingerprint.of(wrong)))
        }
        #expect(auth.tokenCount == 2)
    }

    @Test func revokedTokensAreReportedAndGraceIsHonoured() {
        var revocations = Revocations()
        revocations.revoke(SecretDigest(of: "old-now"), user: UserInfo(name: "alice"), at: 100, graceUntil: nil)
        revocations.revoke(
            SecretDigest(of: "old-grace"), user: UserInfo(name: "bob", uid: "2"), at: 100, graceUntil: 500)
        let auth = TokenAuthenticator(records: records, revocations: revocations)
        #expect(
            auth.authenticate("old-now", now: 101) == .revoked(fingerprint: Fingerprint.of("old-now"), user: "alice"))
        #expect(auth.authenticate("old-grace", now: 499) == .user(UserInfo(name: "bob", uid: "2")))
        #expect(
            auth.authenticate("old-grace", now: 500) == .revoked(fingerprint: Fingerprint.of("old-grace"), user: "bob"))
    }

    @Test func revocationsAreBoundedAndKeepTheNewest() {
        var revocations = Revocations(capacity: 3)
        for i in 0..<5 {
            revocations.revoke(SecretDigest(of: "t\(i)"), user: UserInfo(name: "u\(i)"), at: Int64(i), graceUntil: nil)
        }
        #expect(revocations.count == 3)
        let auth = TokenAuthenticator(records: [], revocations: revocations)
        #expect(auth.authenticate("t0") == .unknown(fingerprint: Fingerprint.of("t0")))
        #expect(auth.authenticate("t1") == .unknown(fingerprint: Fingerprint.of("t1")))
        #expect(auth.authenticate("t4") == .revoked(fingerprint: Fingerprint.of("t4"), user: "u4"))
        revocations.forget(SecretDigest(of: "t4"))
        #expect(revocations.count == 2)
    }

    @Test func aSecondRevocationDoesNotExtendTheFirst() {
        var revocations = Revocations()
        revocations.revoke(SecretDigest(of: "t"), user: UserInfo(name: "a"), at: 0, graceUntil: 10)
        revocations.revoke(SecretDigest(of: "t"), user: UserInfo(name: "a"), at: 5, graceUntil: 1_000)
        let auth = TokenAuthenticator(records: [], revocations: revocations)
        #expect(auth.authenticate("t", now: 10) == .revoked(fingerprint: Fingerprint.of("t"), user: "a"))
    }

    @Test func basicAuthDistinguishesBadPasswordFromUnknownUser() {
        let auth = BasicAuthenticator(records: [CredentialRecord(secret: "pw", user: "alice", uid: "1", groups: ["g"])])
        #expect(
            auth.authenticate(user: "alice", password: "pw") == .user(UserInfo(name: "alice", uid: "1", groups: ["g"])))
        #expect(auth.authenticate(user: "alice", password: "p") == .badPassword(user: "alice"))
        #expect(auth.authenticate(user: "alice", password: "pw2") == .badPassword(user: "alice"))
        #expect(auth.authenticate(user: "alice", password: "") == .badPassword(user: "alice"))
        #expect(auth.authenticate(user: "mallory", password: "pw") == .unknownUser)
    }
}
