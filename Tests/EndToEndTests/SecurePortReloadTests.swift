import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The live operations on a running server: `kube-console token rotate` + SIGHUP, the rotation grace,
/// policy and token-file reloads (and refusals), `kube-console policy check`, and startup refusals.
@Suite("secure port: rotation and reload end to end")
struct SecurePortReloadTests {
    static let pods = "/api/v1/namespaces/default/pods"

    @Test func rotatedTokenIsRevokedOnSIGHUPAndTheNewOneWorks() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let before = try server.tokens()
        let old = before["viewer"]!
        #expect(try server.curl("/version", bearer: old).status == 200)
        var inode = stat()
        stat(server.tokenFile, &inode)
        let oldInode = inode.st_ino

        let new = try server.rotate("viewer")
        #expect(new.count == 64 && new.allSatisfy(\.isHexDigit), "\(new)")
        #expect(new != old)
        // The file is replaced (a rename, not rewritten in place), owner-only, nothing left behind;
        // only the viewer's line changed.
        stat(server.tokenFile, &inode)
        #expect(inode.st_ino != oldInode)
        #expect(try fileMode(server.tokenFile) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.dataDir).filter {
            $0.contains(".tmp")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
        var expected = before
        expected["viewer"] = new
        #expect(try server.tokens() == expected)

        // The running server applies it on SIGHUP, not before.
        #expect(try server.curl("/version", bearer: old).status == 200)
        #expect(try server.curl("/version", bearer: new).status == 401)
        let line = server.sighup()
        #expect(line?.contains("tokens reloaded: 4 users") == true, "\(String(describing: line))")
        #expect(line?.contains("policy reloaded: ") == true, "\(String(describing: line))")

        let refused = try server.curl("/version", bearer: old)
        #expect(refused.status == 401)
        #expect(refused.statusObject?["reason"] as? String == "Unauthorized")
        #expect(server.expectAuthFailures("revoked token", 1))
        #expect(server.expectAuthFailures("unknown token", 1))  // the new token, before SIGHUP
        #expect(try server.curl("/version", bearer: new).status == 200)
        #expect(try server.curl("/version", bearer: before["kubelet"]!).status == 200, "other users keep their tokens")
        // A refused old token stays refused (and counted as revoked, not unknown).
        #expect(try server.curl("/healthz", bearer: old).status == 401)
        #expect(server.expectAuthFailures("revoked token", 2))
    }

    /// `--token-rotation-grace`: a rotated-out token keeps working for the grace period.
    @Test func rotationGraceKeepsTheOldTokenWorking() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer(["--token-rotation-grace", "1h"])
        let old = try server.token("viewer")
        let new = try server.rotate("viewer", extra: ["--token-rotation-grace", "1h"])
        #expect(server.sighup()?.contains("tokens reloaded: 4 users") == true)
        #expect(try server.curl("/version", bearer: new).status == 200)
        let r = try server.curl("/version", bearer: old)
        #expect(r.status == 200, "within an hour's grace the old token must still work: \(r)")
    }

    @Test func whenTheGraceIsOverTheOldTokenIsRevoked() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer(["--token-rotation-grace", "2s"])
        let old = try server.token("viewer")
        let new = try server.rotate("viewer", extra: ["--token-rotation-grace", "2s"])
        #expect(server.sighup()?.contains("tokens reloaded: 4 users") == true)
        #expect(try server.curl("/version", bearer: new).status == 200)
        #expect(eventually(timeout: 15) { (try? server.curl("/version", bearer: old).status) == 401 })
        #expect(try server.authFailures("revoked token") >= 1)
        #expect(try server.authFailures("unknown token") == 0)
    }

    @Test func adminRotationRewritesTheKubeconfigAndKubectlKeepsWorking() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let old = try server.token("admin")
        let new = try server.rotate("admin")
        let kubeconfig = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        #expect(kubeconfig.contains("token: \(new)\n"), "\(kubeconfig)")
        #expect(!kubeconfig.contains(old))
        #expect(try fileMode(server.kubeconfig) == 0o600)

        #expect(server.sighup()?.contains("tokens reloaded: 4 users") == true)
        #expect(try server.curl("/version", bearer: old).status == 401)
        #expect(server.expectAuthFailures("revoked token", 1))
        #expect(
            try server.curl(Self.pods, bearer: new, method: "POST").status == 400,
            "the new admin token has admin's rights")  // past authorization; the empty body is the API's 400
        // The server's reload leaves the kubeconfig on the new token too.
        let after = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        #expect(after.contains("token: \(new)\n") && after.contains("server: \(server.url)"), "\(after)")
        #expect(try fileMode(server.kubeconfig) == 0o600)

        guard let kubectl = which("kubectl") else { print("SKIP: kubectl not installed (kubectl part)"); return }
        let r = try runTool(kubectl, ["--kubeconfig", server.kubeconfig, "get", "--raw", "/version"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""gitVersion": "v1.32.0+kube-console."#))
    }

    /// Readers of the token file see the old file or the new one, whole, while rotations run.
    @Test func theTokenFileIsNeverTornWhileRotating() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let users = ["admin", "kubelet", "kube-proxy", "viewer"]
        var reads = 0
        var torn: [String] = []
        for i in 0..<8 {
            let rotation = ServerProcess(arguments: [
                "token", "rotate", users[i % users.count], "--data-dir", server.dataDir,
            ])
            try rotation.start()
            repeat {
                guard let text = try? String(contentsOfFile: server.tokenFile, encoding: .utf8) else {
                    torn.append("<unreadable>")
                    continue
                }
                reads += 1
                let lines = text.split(separator: "\n")
                let whole =
                    lines.count == users.count
                    && lines.allSatisfy { line in
                        let fields = line.split(separator: ",")
                        return fields.count >= 3 && fields[0].count == 64 && fields[0].allSatisfy(\.isHexDigit)
                    } && lines.map { String($0.split(separator: ",")[1]) } == users
                if !whole { torn.append(text) }
            } while rotation.process.isRunning
            #expect(rotation.waitForExit())
            #expect(rotation.process.terminationStatus == 0, "\(rotation.stderr)")
        }
        #expect(torn.isEmpty, "\(torn.count) of \(reads) reads saw a partial file: \(torn.prefix(2))")
        // The server takes the final file as it is.
        #expect(server.sighup()?.contains("tokens reloaded: 4 users") == true)
        for user in users {
            #expect(try server.curl("/healthz", bearer: try server.token(user)).status == 200, "\(user)")
        }
    }

    @Test func aBrokenTokenFileIsRefusedOnSIGHUPAndTheTokensInForceStay() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let viewer = try server.token("viewer")
        let good = try String(contentsOfFile: server.tokenFile, encoding: .utf8)
        try writeFile(good + "not,a\n", to: server.tokenFile)
        let line = server.sighup()
        #expect(line?.contains("tokens refused: \(server.tokenFile):5:") == true, "\(String(describing: line))")
        #expect(try server.curl("/version", bearer: viewer).status == 200)
    }

    @Test func aBrokenPolicyIsRefusedOnSIGHUPAndTheOldPolicyStillDecides() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        let policy = dir + "/policy.jsonl"
        // The 2015 flat form: viewer reads everything.
        try writeFile("# viewer reads\n" + #"{"user":"viewer","readonly":true}"# + "\n", to: policy)
        let server = try SecureServer(
            ["--authorization-mode", "ABAC", "--authorization-policy-file", policy], dataDir: dir)
        let viewer = try server.token("viewer")
        #expect(try server.curl(Self.pods, bearer: viewer).status == 200)
        #expect(try server.curl(Self.pods, bearer: viewer, method: "POST").status == 403)

        // Line 3 is broken; line 2 alone would let viewer write.
        try writeFile(
            "# broken\n" + #"{"user":"viewer"}"# + "\n" + #"{"user": "viewer", "readonly": tru}"# + "\n", to: policy)
        let refused = server.sighup()
        #expect(refused?.contains("policy refused: \(policy):3:") == true, "\(String(describing: refused))")
        #expect(try server.curl(Self.pods, bearer: viewer).status == 200)
        let stillDenied = try server.curl(Self.pods, bearer: viewer, method: "POST")
        #expect(stillDenied.status == 403, "the old policy must still decide: \(stillDenied)")
        #expect(stillDenied.statusObject?["reason"] as? String == "Forbidden")

        // A valid file is taken on the next SIGHUP.
        try writeFile(
            "# viewer writes too\n" + policyLine(#""user":"viewer","namespace":"*","resource":"*","apiGroup":"*""#)
                + "\n", to: policy)
        let loaded = server.sighup()
        #expect(loaded?.contains("policy reloaded: 1 rules") == true, "\(String(describing: loaded))")
        // past authorization; the empty body is the API's 400
        #expect(try server.curl(Self.pods, bearer: viewer, method: "POST").status == 400)
        // This policy has no non-resource paths: /version is now denied.
        #expect(try server.curl("/version", bearer: viewer).status == 403)
    }

    @Test func policyCheckCountsRulesOrNamesTheLine() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.jsonl"
        try writeFile(
            "# comment\n\n" + #"{"user":"alice"}"# + "\n"
                + policyLine(#""group":"devs","readonly":true,"nonResourcePath":"/version""#) + "\n", to: good)
        let ok = try ServerProcess.run(["policy", "check", good])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("2 rules"), "\(ok.stdout)")

        let broken: [(text: String, line: Int, words: String)] = [
            ("# c\n" + #"{"user":"alice"}"# + "\n\n" + #"{"user": "# + "\n", 4, "JSON"),
            (#"{"user":"alice"}"# + "\n" + #"{"usr":"bob"}"# + "\n", 2, "usr"),
            (
                #"{"apiVersion":"abac.authorization.kubernetes.io/v2","kind":"Policy","spec":{"user":"bob"}}"# + "\n",
                1, "apiVersion"
            ),
        ]
        for (i, b) in broken.enumerated() {
            let path = dir + "/broken\(i).jsonl"
            try writeFile(b.text, to: path)
            let r = try ServerProcess.run(["policy", "check", path])
            #expect(r.status == 1, "\(path)")
            #expect(r.stderr.contains("\(path):\(b.line): "), "\(r.stderr)")
            #expect(r.stderr.contains(b.words), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let missing = try ServerProcess.run(["policy", "check", dir + "/missing.jsonl"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains(dir + "/missing.jsonl"))
    }

    @Test func aBrokenPolicyRefusesStartupNamingFileAndLine() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let policy = dir + "/policy.jsonl"
        try writeFile(#"{"user":"admin"}"# + "\n" + "{not json\n", to: policy)
        let r = try ServerProcess.run(
            [
                "serve", "--port", "0", "--read-only-port", "0", "--secure-port", String(freePort()),
                "--data-dir", dir + "/data", "--public-address-override", "127.0.0.1",
                "--authorization-mode", "ABAC", "--authorization-policy-file", policy,
            ], timeout: 20)
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(policy):2:"), "\(r.stderr)")
        #expect(!r.stderr.contains("serving"))

        // A policy file without ABAC is refused too, as kube-apiserver does.
        let mismatch = try ServerProcess.run(
            [
                "serve", "--port", "0", "--read-only-port", "0", "--secure-port", String(freePort()),
                "--data-dir", dir + "/data", "--public-address-override", "127.0.0.1",
                "--authorization-mode", "AlwaysAllow", "--authorization-policy-file", policy,
            ], timeout: 20)
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("--authorization-policy-file"), "\(mismatch.stderr)")
    }
}
