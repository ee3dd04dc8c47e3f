#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import APIServer

@Suite("Token and basic-auth files: kube-apiserver's CSV format")
struct CredentialsFileTests {
    @Test func readsKubeApiserverExamples() throws {
        // The cases of kube's tokenfile_test.go: quoted and bare group lists, extra columns ignored.
        let records = try TokenFile.parse(
            """

            token1,user1,uid1
            token2,user2,uid2
            token3,user3,uid3,"group1,group2"
            token4,user4,uid4,"group2"
            token5,user5,uid5,group5
            token6,user6,uid6,group5,otherdata
            token7,user7,uid7,"group1,group2",otherdata

            """, file: "tokens.csv")
        #expect(records.count == 7)
        #expect(records[0] == CredentialRecord(secret: "token1", user: "user1", uid: "uid1", groups: [], line: 2))
        #expect(records[2].groups == ["group1", "group2"])
        #expect(records[3].groups == ["group2"])
        #expect(records[4].groups == ["group5"])
        #expect(records[5].groups == ["group5"])
        #expect(records[6].groups == ["group1", "group2"])
        #expect(records[6].line == 8)
    }

    @Test func quotingFollowsGoEncodingCSV() throws {
        let records = try TokenFile.parse(
            "\"to,k\"\"en\",alice,1\r\n\r\n\"multi\nline\",bob,2,\"a\"\r\n  spaced,carol,3\r",
            file: "t")
        #expect(records.map(\.secret) == ["to,k\"en", "multi\nline", "  spaced"])
        #expect(records.map(\.line) == [1, 3, 5])  // blank line skipped but counted; a quoted newline is a line
        #expect(records[1].groups == ["a"])
        #expect(records[2].user == "carol")  // the trailing \r before the end of file is dropped
    }

    @Test func emptyGroupEntriesAreDropped() throws {
        let records = try TokenFile.parse("t1,a,1,\nt2,b,2,\"x,,y,\"\n", file: "t")
        #expect(records[0].groups == [])
        #expect(records[1].groups == ["x", "y"])
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var contents: String
        var line: Int
        var message: String
        var testDescription: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(
            contents: "t1,u1,1\ntoken4\n", line: 2,
            message: "token file must have at least 3 columns (token, user name, user uid), found 1"),
        Refusal(contents: "t1,u1\n", line: 1, message: "found 2"),
        Refusal(contents: "# admins\nt1,u1,1\n", line: 1, message: "the format has no comments"),
        Refusal(contents: "t1,u1,1\n,user5,uid5\n", line: 2, message: "empty token"),
        Refusal(contents: "t1,,1\n", line: 1, message: "empty user name"),
        Refusal(contents: "t1,u1,1\n\nt\"2,u2,2\n", line: 3, message: "bare \" in non-quoted field (column 2)"),
        Refusal(
            contents: "t1,u1,1\n\"t2\"x,u2,2\n", line: 2, message: "extraneous or missing \" in quoted field (column 4)"
        ),
        Refusal(
            contents: "t1,u1,1\nt2,u2,\"2\n\nt3,u3,3\n", line: 2,
            message: "quoted field opened in column 7 is never closed"),
        Refusal(
            contents: "t1,u1,1\nt2,u2,2\nt1,u3,3\n", line: 3,
            message: "token (fingerprint \(Fingerprint.of("t1"))) repeats the one on line 1"),
    ]

    @Test(arguments: refusals)
    func refusesWithLineNumber(_ refusal: Refusal) {
        let error = #expect(throws: CredentialFileError.self) {
            try TokenFile.parse(refusal.contents, file: "/etc/tokens.csv")
        }
        #expect(error?.file == "/etc/tokens.csv")
        #expect(error?.line == refusal.line)
        #expect(error?.message.contains(refusal.message) == true, "\(String(describing: error))")
    }

    @Test func errorDescriptionIsFileLineMessage() {
        let error = CredentialFileError(file: "/etc/tokens.csv", line: 2, message: "empty token")
        #expect(error.description == "/etc/tokens.csv:2: empty token")
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: CredentialFileError(file: "t", line: 2, message: "field 2 is not valid UTF-8")) {
            try CredentialFormat.token.parse(Array("t1,u1,1\nt2,".utf8) + [0xff, 0xfe] + Array(",2\n".utf8), file: "t")
        }
    }

    @Test func oneUserMayHoldSeveralTokensButBasicAuthUsersAreUnique() throws {
        let contents = "t1,alice,1\nt2,alice,1\n"
        #expect(try TokenFile.parse(contents, file: "t").count == 2)
        #expect(
            throws: CredentialFileError(file: "p", line: 2, message: "user \"alice\" already has a password on line 1")
        ) {
            try BasicAuthFile.parse(contents, file: "p")
        }
        #expect(throws: CredentialFileError(file: "p", line: 1, message: "empty password")) {
            try BasicAuthFile.parse(",alice,1\n", file: "p")
        }
    }

    @Test func renderWritesKubeFormatAndParsesBack() throws {
        let records = [
            CredentialRecord(secret: "tok", user: "alice", uid: "1", groups: ["system:masters", "dev"]),
            CredentialRecord(secret: "with,comma \"quoted\"", user: " leading space", uid: "", groups: []),
            CredentialRecord(secret: "multi\nline", user: "bob", uid: "2", groups: ["one"]),
        ]
        let text = TokenFile.render(records)
        #expect(
            text.hasPrefix("tok,alice,1,\"system:masters,dev\"\n\"with,comma \"\"quoted\"\"\",\" leading space\",\n"))
        let back = try TokenFile.parse(text, file: "t")
        #expect(
            back.map { CredentialRecord(secret: $0.secret, user: $0.user, uid: $0.uid, groups: $0.groups) } == records)
        #expect(back.map(\.line) == [1, 2, 3])
        #expect(
            try BasicAuthFile.parse(BasicAuthFile.render(records), file: "p").map(\.secret) == records.map(\.secret))
    }

    @Test func loadNamesTheFileAndLineZeroWhenUnreadable() throws {
        let dir = CredentialsScratchDirectory()
        let missing = dir.path + "/absent.csv"
        #expect(
            throws: CredentialFileError(
                file: missing, line: 0,
                message: "cannot read token file: No such file or directory")
        ) {
            try TokenFile.load(path: missing)
        }
        #expect(
            throws: CredentialFileError(
                file: dir.path, line: 0, message: "cannot read basic-auth file: not a regular file")
        ) {
            try BasicAuthFile.load(path: dir.path)
        }
        mkfifo(dir.file("fifo"), 0o600)  // opening it must not block
        #expect(
            throws: CredentialFileError(
                file: dir.file("fifo"), line: 0, message: "cannot read token file: not a regular file")
        ) {
            try TokenFile.load(path: dir.file("fifo"))
        }
        let path = dir.write("tokens.csv", "t1,alice,1,\"a,b\"\n")
        #expect(
            try TokenFile.load(path: path) == [
                CredentialRecord(secret: "t1", user: "alice", uid: "1", groups: ["a", "b"], line: 1)
            ])
    }

    @Test func aRecordNeverPrintsItsSecret() {
        let record = CredentialRecord(secret: "hunter2-super-secret", user: "alice", uid: "1")
        var dumped = ""
        dump(record, to: &dumped)
        for text in [record.description, String(reflecting: record), "\(record)", dumped] {
            #expect(!text.contains("hunter2"))
            #expect(text.contains(Fingerprint.of("hunter2-super-secret")))
        }
    }
}

@Suite("Fingerprints")
struct CredentialsFingerprintTests {
    // Expected values from `printf %s INPUT | sha256sum`.
    @Test func sha256MatchesCoreutils() {
        #expect(Fingerprint.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Fingerprint.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func fingerprintIsFirstEightHexDigits() {
        #expect(Fingerprint.of("abc") == "ba7816bf")
        #expect(Fingerprint.of("token-one") == "75c5c10f")
        #expect(SecretDigest(of: "token-one").fingerprint == "75c5c10f")
    }

    @Test func digestsCompareByValue() {
        #expect(SecretDigest(of: "a") == SecretDigest(of: "a"))
        #expect(SecretDigest(of: "a") != SecretDigest(of: "b"))
        #expect(Set([SecretDigest(of: "a"), SecretDigest(of: "a")]).count == 1)
    }

    @Test func generatedTokensAre256BitHex() throws {
        let a = try #require(SecureRandom.token())
        let b = try #require(SecureRandom.token())
        #expect(a.count == 64)
        #expect(a.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a != b)
    }
}

/// A fresh directory under /tmp for one test, removed with everything in it when the test drops it.
final class CredentialsScratchDirectory {
    let path: String

    init() {
        var template = Array("/tmp/kc-credentials-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        precondition(made != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { Self.remove(path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes with plain open/write (not the code under test).
    @discardableResult
    func write(_ name: String, _ contents: String, mode: mode_t = 0o600) -> String {
        let target = file(name)
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(fd >= 0, "open \(target): \(String(cString: strerror(errno)))")
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        precondition(written == bytes.count)
        close(fd)
        return target
    }

    func read(_ name: String) -> String? {
        (try? FileContents.read(path: file(name))).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// Permission bits of a file, as stat reports them.
    func mode(_ name: String) -> mode_t {
        var st = stat()
        guard stat(file(name), &st) == 0 else { return 0 }
        return st.st_mode & 0o7777
    }

    func entries() -> [String] { Self.entries(path) }

    private static func entries(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func remove(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for name in entries(path) { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
