#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import APIServer

@Suite("Token store: rotation, grace, reload, concurrency")
struct CredentialsTokenStoreTests {
    static let initial = "admin-token,admin,1,\"system:masters\"\nviewer-token,viewer,2,\"viewers,readers\"\n"
    let second: Int64 = 1_000_000_000

    func fresh(_ contents: String = Self.initial) throws -> (CredentialsScratchDirectory, TokenStore) {
        let dir = CredentialsScratchDirectory()
        let store = try TokenStore(path: dir.write("tokens.csv", contents, mode: 0o644))
        return (dir, store)
    }

    @Test func rotationRefusesTheOldTokenAndAcceptsTheNew() throws {
        let (dir, store) = try fresh()
        let before = store.authenticator()
        let token = try store.rotateToken(user: "admin", now: 1_000)

        #expect(token.count == 64)
        let auth = store.authenticator()
        #expect(auth.authenticate(token) == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))
        #expect(auth.authenticate("admin-token") == .revoked(fingerprint: Fingerprint.of("admin-token"), user: "admin"))
        #expect(
            auth.authenticate("viewer-token")
                == .user(UserInfo(name: "viewer", uid: "2", groups: ["viewers", "readers"])))
        // A snapshot taken before the rotation is untouched: a request in flight finishes on it.
        #expect(
            before.authenticate("admin-token") == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))

        // The file now holds the new token, not the old one, with mode 0600, and reads back.
        let text = try #require(dir.read("tokens.csv"))
        #expect(text == "\(token),admin,1,\"system:masters\"\nviewer-token,viewer,2,\"viewers,readers\"\n")
        #expect(dir.mode("tokens.csv") == 0o600)
        #expect(dir.entries() == ["tokens.csv"])
        #expect(try store.rotateToken(user: "admin") != token)
    }

    @Test func unknownUserIsRefusedAndNothingChanges() throws {
        let (dir, store) = try fresh()
        #expect(throws: TokenStoreError.unknownUser("mallory")) { try store.rotateToken(user: "mallory") }
        #expect(TokenStoreError.unknownUser("mallory").description == "no token for user \"mallory\" in the token file")
        #expect(dir.read("tokens.csv") == Self.initial)
    }

    @Test func graceKeepsTheOldTokenUntilTheDeadline() throws {
        let (dir, store) = try fresh()
        defer { withExtendedLifetime(dir) {} }  // the directory goes when dropped
        let t0: Int64 = 1_700_000_000 * second
        let token = try store.rotateToken(user: "admin", grace: .seconds(30), now: t0)
        let auth = store.authenticator()
        let admin = UserInfo(name: "admin", uid: "1", groups: ["system:masters"])
        #expect(auth.authenticate("admin-token", now: t0 + 29 * second) == .user(admin))
        #expect(
            auth.authenticate("admin-token", now: t0 + 30 * second)
                == .revoked(fingerprint: Fingerprint.of("admin-token"), user: "admin"))
        #expect(auth.authenticate(token, now: t0) == .user(admin))
    }

    @Test func aUserWithSeveralTokensEndsUpWithOne() throws {
        let (dir, store) = try fresh("a1,alice,1,g1\nb1,bob,2\na2,alice,1,g2\n")
        let token = try store.rotateToken(user: "alice")
        let auth = store.authenticator()
        #expect(auth.authenticate("a1") == .revoked(fingerprint: Fingerprint.of("a1"), user: "alice"))
        #expect(auth.authenticate("a2") == .revoked(fingerprint: Fingerprint.of("a2"), user: "alice"))
        #expect(auth.authenticate(token) == .user(UserInfo(name: "alice", uid: "1", groups: ["g1"])))
        #expect(dir.read("tokens.csv") == "\(token),alice,1,\"g1\"\nb1,bob,2\n")
    }

    @Test func rotateAllReplacesEveryToken() throws {
        let (dir, store) = try fresh()
        defer { withExtendedLifetime(dir) {} }  // the directory goes when dropped
        let tokens = try store.rotateAll(now: 5)
        #expect(Set(tokens.keys) == ["admin", "viewer"])
        #expect(Set(tokens.values).count == 2)
        let auth = store.authenticator()
        #expect(auth.authenticate("admin-token") == .revoked(fingerprint: Fingerprint.of("admin-token"), user: "admin"))
        #expect(
            auth.authenticate("viewer-token") == .revoked(fingerprint: Fingerprint.of("viewer-token"), user: "viewer"))
        for (user, token) in tokens {
            guard case .user(let info) = auth.authenticate(token) else { Issue.record("\(user) refused"); continue }
            #expect(info.name == user)
        }
        #expect(store.users().map(\.rotatedAt) == [5, 5])
    }

    @Test func usersShowFingerprintsAndRotationTimes() throws {
        let (dir, store) = try fresh()
        let mtime = try #require(FileIdentity.current(path: dir.file("tokens.csv"))).modified
        #expect(
            store.users() == [
                TokenUserSummary(
                    user: "admin", uid: "1", groups: ["system:masters"], fingerprint: Fingerprint.of("admin-token"),
                    rotatedAt: mtime, line: 1),
                TokenUserSummary(
                    user: "viewer", uid: "2", groups: ["viewers", "readers"],
                    fingerprint: Fingerprint.of("viewer-token"),
                    rotatedAt: mtime, line: 2),
            ])
        let token = try store.rotateToken(user: "viewer", now: 42)
        let viewer = try #require(store.users().last)
        #expect(viewer.fingerprint == Fingerprint.of(token))
        #expect(viewer.rotatedAt == 42)
        #expect(store.users().first?.rotatedAt == mtime)
    }

    @Test func reloadPicksUpAnOutsideEdit() throws {
        let (dir, store) = try fresh()
        _ = try store.rotateToken(user: "viewer", now: 7)
        let viewerToken = try #require(TokenFile.load(path: dir.file("tokens.csv")).last?.secret)
        // The admin's token changes, carol is added; the viewer line is untouched.
        dir.write("tokens.csv", "admin-2,admin,1\n\(viewerToken),viewer,2,\"viewers,readers\"\ncarol-token,carol,3\n")
        #expect(try store.reload(now: 9) == 3)

        let auth = store.authenticator()
        #expect(auth.authenticate("carol-token") == .user(UserInfo(name: "carol", uid: "3")))
        #expect(auth.authenticate("admin-2") == .user(UserInfo(name: "admin", uid: "1")))
        #expect(auth.authenticate("admin-token") == .revoked(fingerprint: Fingerprint.of("admin-token"), user: "admin"))
        let rotatedAt = Dictionary(uniqueKeysWithValues: store.users().map { ($0.user, $0.rotatedAt) })
        #expect(rotatedAt["viewer"] == 7)  // unchanged tokens keep their rotation time
        #expect(rotatedAt["admin"] ?? 0 > 7)  // changed ones take the file's mtime
        #expect(rotatedAt["carol"] == rotatedAt["admin"])

        // The edit put a revoked token back: it is valid again.
        dir.write("tokens.csv", "admin-token,admin,1\n")
        try store.reload()
        #expect(store.authenticator().authenticate("admin-token") == .user(UserInfo(name: "admin", uid: "1")))
        #expect(
            store.authenticator().authenticate("carol-token")
                == .revoked(fingerprint: Fingerprint.of("carol-token"), user: "carol"))
    }

    @Test func aBrokenFileIsRefusedAndTheOldTableStays() throws {
        let (dir, store) = try fresh()
        let before = store.users()
        dir.write("tokens.csv", "new-admin,admin,1\nnew-viewer,viewer\n")
        #expect(
            throws: TokenStoreError.fileRefused(
                CredentialFileError(
                    file: dir.file("tokens.csv"), line: 2,
                    message: "token file must have at least 3 columns (token, user name, user uid), found 2"))
        ) {
            try store.reload()
        }
        let auth = store.authenticator()
        #expect(
            auth.authenticate("admin-token") == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))
        #expect(auth.authenticate("new-admin") == .unknown(fingerprint: Fingerprint.of("new-admin")))
        #expect(store.users() == before)

        // Rewriting the file now would throw the operator's half-done edit away: refused.
        #expect(throws: TokenStoreError.changedOnDisk(path: dir.file("tokens.csv"))) {
            try store.rotateToken(user: "admin")
        }
        dir.write("tokens.csv", "new-admin,admin,1\nnew-viewer,viewer,2\n")
        #expect(try store.reload() == 2)
        _ = try store.rotateToken(user: "admin")
    }

    @Test func aFailedWriteChangesNothing() throws {
        let dir = CredentialsScratchDirectory()
        let path = dir.write("tokens.csv", Self.initial)
        let store = try TokenStore(path: path) { bytes, path throws(AtomicFileError) in
            // A crash between write and rename, injected into the real write protocol.
            try AtomicFile.write(bytes, to: path, mode: 0o600) { _ throws(AtomicFileError) in
                throw AtomicFileError(path: path, step: .rename, errno: EIO)
            }
        }
        let error = #expect(throws: TokenStoreError.self) { try store.rotateToken(user: "admin") }
        #expect(error == .writeFailed(AtomicFileError(path: path, step: .rename, errno: EIO)))
        #expect(error?.description == "cannot rename over \(path): Input/output error; the old tokens stay in force")
        #expect(
            store.authenticator().authenticate("admin-token")
                == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))
        #expect(dir.read("tokens.csv") == Self.initial)
        #expect(dir.entries() == ["tokens.csv"])
        #expect(store.users().first?.fingerprint == Fingerprint.of("admin-token"))
    }

    @Test func initRefusesABrokenFile() {
        let dir = CredentialsScratchDirectory()
        let path = dir.write("tokens.csv", "a,b,c\n\"x\n")
        #expect(
            throws: CredentialFileError(file: path, line: 2, message: "quoted field opened in column 1 is never closed")
        ) {
            try TokenStore(path: path)
        }
    }

    @Test func graceDeadlineSaturates() {
        #expect(TokenStore.adding(.seconds(2), to: 5) == 2_000_000_005)
        #expect(TokenStore.adding(.milliseconds(1), to: 0) == 1_000_000)
        #expect(TokenStore.adding(.seconds(Int64.max), to: 5) == .max)
        #expect(TokenStore.adding(.seconds(1), to: .max - 1) == .max)
    }

    /// Readers authenticate without pause while a writer rotates. Every snapshot must be one state of
    /// the sequence: the tokens issued so far are revoked up to the active one, and the rest (issued
    /// after the snapshot) unknown; and a reader never sees the state go backwards.
    /// Run once with the real file writes (40 rotations, each with two fsyncs), and once with the write
    /// left out so that hundreds of swaps happen while the readers look: a swap done in two steps would
    /// be caught there.
    @Test(arguments: [(true, 40), (false, 600)])
    func readersSeeOneWholeStateWhileRotating(realFile: Bool, rotations: Int) throws {
        let dir = CredentialsScratchDirectory()
        let path = dir.write("tokens.csv", Self.initial)
        let store =
            realFile ? try TokenStore(path: path) : try TokenStore(path: path) { _, _ throws(AtomicFileError) in }
        let issued = Mutex<[String]>(["admin-token"])
        let done = Atomic<Bool>(false)
        let violations = Mutex<[String]>([])  // the first few, and how many in all
        let violationCount = Atomic<Int>(0)
        let report: @Sendable (String) -> Void = { message in
            if violationCount.add(1, ordering: .relaxed).newValue <= 5 { violations.withLock { $0.append(message) } }
        }
        let snapshotsChecked = Atomic<Int>(0)

        let rotator: @Sendable () -> Void = {
            for _ in 0..<rotations {
                do {
                    let token = try store.rotateToken(user: "admin")
                    issued.withLock { $0.append(token) }
                } catch {
                    report("rotation failed: \(error)")
                }
            }
            done.store(true, ordering: .releasing)
        }
        let reader: @Sendable () -> Void = {
            var lastActive = 0
            var rounds = 0
            while !done.load(ordering: .acquiring) || rounds < 50 {
                rounds += 1
                let auth = store.authenticator()
                let tokens = issued.withLock { $0 }
                var states: [Character] = []  // r revoked, a active, u unknown
                var active = -1
                for (index, token) in tokens.enumerated() {
                    switch auth.authenticate(token) {
                    case .user(let user) where user.name == "admin": states.append("a"); active = index
                    case .revoked(_, "admin"): states.append("r")
                    case .unknown: states.append("u")
                    default: states.append("?")
                    }
                }
                let shape = String(states)
                // r* a? u*, with exactly the viewer untouched and the table holding two tokens.
                let wellFormed =
                    shape.drop { $0 == "r" }.drop { $0 == "a" }.allSatisfy { $0 == "u" }
                    && shape.filter { $0 == "a" }.count <= 1
                if !wellFormed || auth.tokenCount != 2
                    || auth.authenticate("viewer-token")
                        != .user(UserInfo(name: "viewer", uid: "2", groups: ["viewers", "readers"]))
                {
                    report("torn snapshot: \(Self.runLengths(shape))")
                }
                if active >= 0 {
                    if active < lastActive { report("went back from \(lastActive) to \(active)") }
                    lastActive = active
                }
                snapshotsChecked.add(1, ordering: .relaxed)
            }
        }
        CredentialsThreads.run([rotator, reader, reader, reader])

        #expect(violations.withLock { $0 } == [], "\(violationCount.load(ordering: .relaxed)) violations")
        #expect(snapshotsChecked.load(ordering: .relaxed) >= 150)
        withExtendedLifetime(dir) {}
        let tokens = issued.withLock { $0 }
        #expect(tokens.count == rotations + 1)
        #expect(
            store.authenticator().authenticate(tokens.last ?? "")
                == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))
    }
}

extension CredentialsTokenStoreTests {
    /// "rrrau" → "r3 a1 u1", so a failure message stays short.
    static func runLengths(_ shape: String) -> String {
        var runs: [(Character, Int)] = []
        for state in shape {
            if let last = runs.last, last.0 == state { runs[runs.count - 1].1 += 1 } else { runs.append((state, 1)) }
        }
        return runs.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }
}

/// Real threads (not the cooperative pool, which on a 2-core machine could run the readers and starve
/// the writer): each body on its own pthread, joined before returning.
enum CredentialsThreads {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func run(_ bodies: [@Sendable () -> Void]) {
        var threads: [pthread_t] = []
        for body in bodies {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(Body(body)).toOpaque()
            let created = pthread_create(
                &thread, nil,
                { context in
                    guard let context else { return nil }
                    Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                    return nil
                }, context)
            precondition(created == 0, "pthread_create failed: \(created)")
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}
