import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport
@testable import APIServer
@testable import Storage

/// Masters sharing their token table and policy through etcd, in-process: each "master" is a token store
/// and a policy store over its own files, sharing through an `EtcdCredentialBackend` on one prefix of the
/// shared test etcd. What one commits, the others adopt from their watch.
@Suite("Cluster credentials through etcd", .enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"))
struct ClusterCredentialsTests {
    static let tokens =
        "admin-token,admin,1,\"system:masters\"\nviewer-token,viewer,2\nkubelet-token,kubelet,3,\"system:nodes\"\n"
    static let policy = #"{"user":"admin"}"# + "\n" + #"{"user":"viewer","readonly":true}"# + "\n"
    static let viewer = UserInfo(name: "viewer", uid: "2")

    final class Master: @unchecked Sendable {
        let dir = CredentialsScratchDirectory()
        let tokens: TokenStore
        let policy: PolicyStore
        let backend: EtcdCredentialBackend

        init(
            prefix: String, tokens tokensCSV: String = ClusterCredentialsTests.tokens,
            policy policyText: String = ClusterCredentialsTests.policy,
            name: String
        ) throws {
            tokens = try TokenStore(path: dir.write("tokens.csv", tokensCSV))
            policy = try PolicyStore(mode: .abac, path: dir.write("policy.jsonl", policyText))
            let keyspace = try EtcdKeyspace.connect(
                EtcdStore.Options(endpoints: [try EtcdProcess.shared.url]), prefix: prefix)
            backend = EtcdCredentialBackend(keyspace: keyspace, master: name)
            try tokens.share(through: backend)
            try policy.share(through: backend, source: "\(name):policy.jsonl")
            try backend.follow(tokens: { [tokens] in tokens.adopt($0) }, policy: { [policy] in policy.adopt($0) })
        }

        deinit { backend.stop() }

        func allows(_ method: String, _ path: String, as user: UserInfo) -> Bool {
            let who = UserInfo(name: user.name, uid: user.uid, groups: user.groups + ["system:authenticated"])
            return policy.authorizer.authorize(
                RequestAttributes.from(method: method, path: Substring(path), query: nil, user: who)) == .allow
        }
    }

    static func prefix() -> String { "/kube-console/cluster-test-\(UUID().uuidString.prefix(8))/credentials" }

    /// The first master seeds etcd from its files; a second with other files takes the cluster's table
    /// and policy, and says how many of its own tokens are not in force.
    @Test func theFirstMasterSeedsAndTheOthersTakeTheClustersTable() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a")
        let b = try Master(
            prefix: prefix, tokens: "other-admin,admin,1\n", policy: #"{"user":"nobody"}"# + "\n", name: "b")
        #expect(
            b.tokens.authenticator().authenticate("admin-token")
                == .user(UserInfo(name: "admin", uid: "1", groups: ["system:masters"])))
        #expect(
            b.tokens.authenticator().authenticate("other-admin") == .unknown(fingerprint: Fingerprint.of("other-admin"))
        )
        #expect(b.tokens.fileTokensNotInForce() == 1 && a.tokens.fileTokensNotInForce() == 0)
        #expect(
            b.allows("GET", "/api/v1/pods", as: Self.viewer)
                && !b.allows("GET", "/api/v1/pods", as: UserInfo(name: "nobody")))
        #expect(b.policy.snapshot().source == "a:policy.jsonl")
        #expect(a.tokens.location.hasPrefix("etcd (/kube-console/cluster-test-"))
    }

    /// A rotation on A: B refuses the old token and accepts the new one within a second (the figure is
    /// printed), with no file of B's touched; A's token file holds the new token.
    @Test func aRotationOnOneMasterIsInForceOnTheOther() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a"), b = try Master(prefix: prefix, name: "b")
        let start = ContinuousClock.now
        let token = try a.tokens.rotateToken(user: "viewer")
        #expect(eventually(timeout: 5) { b.tokens.authenticator().authenticate("viewer-token") != .user(Self.viewer) })
        // The requirement is "within a second"; the figure is reported rather than asserted (timing on a
        // shared machine is no test).
        print("rotation on A → refused on B after \(ContinuousClock.now - start)")
        #expect(
            b.tokens.authenticator().authenticate("viewer-token")
                == .revoked(fingerprint: Fingerprint.of("viewer-token"), user: "viewer"))
        #expect(b.tokens.authenticator().authenticate(token) == .user(Self.viewer))
        #expect(try TokenFile.load(path: a.dir.file("tokens.csv")).first { $0.user == "viewer" }?.secret == token)
        #expect(b.dir.read("tokens.csv") == Self.tokens)
        #expect(b.tokens.fileTokensNotInForce() == 1)
    }

    /// --token-rotation-grace holds on every master: the grace deadline travels with the revocation.
    @Test func theRotationGraceHoldsOnEveryMaster() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a"), b = try Master(prefix: prefix, name: "b")
        let now = wallClockNanoseconds()
        _ = try a.tokens.rotateToken(user: "viewer", grace: .seconds(60), now: now)
        #expect(eventually(timeout: 5) { b.tokens.authenticator().revokedCount == 1 })
        let auth = b.tokens.authenticator()
        #expect(auth.authenticate("viewer-token", now: now + 59_000_000_000) == .user(Self.viewer))
        #expect(
            auth.authenticate("viewer-token", now: now + 60_000_000_000)
                == .revoked(fingerprint: Fingerprint.of("viewer-token"), user: "viewer"))
    }

    /// Rotations on two masters at once (of different users, and of the same one) all land: the losers of
    /// each compare-and-swap apply their change again on the winner's table.
    @Test func concurrentRotationsOnTwoMastersLoseNothing() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a"), b = try Master(prefix: prefix, name: "b")
        let issued = Mutex<[String]>([])
        let users = ["viewer", "kubelet", "admin"]
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            if let token = try? (i % 2 == 0 ? a : b).tokens.rotateToken(user: users[i % 3]) {
                issued.withLock { $0.append(token) }
            }
        }
        let tokens = issued.withLock { $0 }
        #expect(tokens.count == 8)
        // Each rotation revoked the token in force before it (3 first ones, 5 issued); the 3 last issued are
        // in force, the same on both masters.
        #expect(eventually(timeout: 5) { a.tokens.users().map(\.fingerprint) == b.tokens.users().map(\.fingerprint) })
        for master in [a, b] {
            let auth = master.tokens.authenticator()
            #expect(tokens.filter { if case .user = auth.authenticate($0) { true } else { false } }.count == 3)
            #expect(auth.revokedCount == 8)
        }
    }

    /// An edit of B's token file (a user added) reaches A; the viewer A rotated meanwhile keeps its new
    /// token though B's file still has the old one.
    @Test func anEditedTokenFileAppliesTheEditAlone() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a"), b = try Master(prefix: prefix, name: "b")
        let token = try a.tokens.rotateToken(user: "viewer")
        #expect(eventually(timeout: 5) { b.tokens.authenticator().authenticate(token) == .user(Self.viewer) })
        b.dir.write("tokens.csv", Self.tokens + "carol-token,carol,4\n")
        #expect(try b.tokens.reload() == 4)
        #expect(
            eventually(timeout: 5) {
                a.tokens.authenticator().authenticate("carol-token") == .user(UserInfo(name: "carol", uid: "4"))
            })
        #expect(a.tokens.authenticator().authenticate(token) == .user(Self.viewer))
        #expect(
            a.tokens.authenticator().authenticate("viewer-token")
                == .revoked(fingerprint: Fingerprint.of("viewer-token"), user: "viewer"))
        // Reloading B's unchanged file changes nothing anywhere.
        #expect(try b.tokens.reload() == 4)
        #expect(b.tokens.authenticator().authenticate(token) == .user(Self.viewer))
    }

    /// A policy reloaded on A decides on B; a broken one is refused on A and committed nowhere; a reload of
    /// B's unchanged (older) file does not put the old policy back.
    @Test func policyReloadsReachEveryMasterAndBrokenOnesNone() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a"), b = try Master(prefix: prefix, name: "b")
        let carol = UserInfo(name: "carol")
        #expect(!b.allows("GET", "/api/v1/pods", as: carol))
        a.dir.write("policy.jsonl", Self.policy + #"{"user":"carol","readonly":true}"# + "\n")
        let start = ContinuousClock.now
        #expect(a.policy.reload() == .loaded(rules: 3))
        #expect(eventually(timeout: 5) { b.allows("GET", "/api/v1/pods", as: carol) })
        print("policy reload on A → deciding on B after \(ContinuousClock.now - start)")

        a.dir.write("policy.jsonl", Self.policy + "{not json\n")
        guard case .refused(let why) = a.policy.reload() else { Issue.record("a broken policy was accepted"); return }
        #expect(why.contains("policy.jsonl:3:"))
        #expect(a.allows("GET", "/api/v1/pods", as: carol) && b.allows("GET", "/api/v1/pods", as: carol))
        #expect(b.policy.snapshot().rules.count == 3)

        #expect(b.policy.reload() == .loaded(rules: 3))
        #expect(b.allows("GET", "/api/v1/pods", as: carol))
        #expect(!eventually(timeout: 0.5) { !a.allows("GET", "/api/v1/pods", as: carol) })
    }

    /// Something that is not a policy written into etcd by hand is refused by every master, which keep
    /// deciding with the policy they had and say why.
    @Test func aBrokenDocumentInEtcdIsRefusedEverywhere() throws {
        let prefix = Self.prefix()
        let a = try Master(prefix: prefix, name: "a")
        let etcd = try EtcdProcess.shared
        #expect(try etcd.etcdctl(["put", prefix + "/policy", #"{"text":"{broken\n","source":"etcdctl"}"#]).status == 0)
        #expect(
            eventually(timeout: 5) {
                if case .refused = a.policy.snapshot().lastResult { return true } else { return false }
            })
        #expect(
            a.allows("GET", "/api/v1/pods", as: Self.viewer)
                && !a.allows("POST", "/api/v1/namespaces/default/pods", as: Self.viewer))
        #expect(try etcd.etcdctl(["put", prefix + "/tokens", "junk"]).status == 0)
        #expect(eventually(timeout: 5) { a.backend.problem?.contains("the token table in etcd") == true })
        #expect(a.tokens.authenticator().authenticate("viewer-token") == .user(Self.viewer))
    }
}
