import Foundation
import Testing
import TestSupport

/// kubectl 1.32 (/usr/bin/kubectl) asking who it is and what it may do, as the admin, the viewer, a client
/// certificate and a service account, and getting and using a service account token. One server for all.
@Suite("kubectl end to end: whoami, can-i --list, service account tokens", .timeLimit(.minutes(3)))
struct KubectlAuthTests {
    static let kubectl = "/usr/bin/kubectl"

    /// kubectl's table, each row's cells (split on its column gaps), header dropped.
    static func rows(_ table: String) -> [[String]] {
        table.split(separator: "\n").dropFirst().map { line in
            line.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test func whoamiCanIListAndServiceAccountTokens() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.kubectl) else {
            print("SKIP: kubectl not installed"); return
        }
        guard haveSecureClients() else { return }
        let pki = ClientPKI()
        try pki.makeCA("client-ca")
        try pki.makeRequest("alice", subject: "/CN=alice/O=devs")
        try pki.sign("alice", ca: "client-ca")
        let server = try SecureServer(["--client-ca-file", pki.path("client-ca.crt"), "--access-log=false"])
        func kubectl(_ args: [String], config: String = server.kubeconfig) throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try runTool(Self.kubectl, ["--kubeconfig", config] + args)
        }
        func whoami(_ extra: [String] = [], config: String = server.kubeconfig) throws -> [String: String] {
            let r = try kubectl(["auth", "whoami"] + extra, config: config)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("ATTRIBUTE"), "\(r.stdout)")
            var attributes: [String: String] = [:]
            for row in Self.rows(r.stdout) where row.count == 2 { attributes[row[0]] = row[1] }
            return attributes
        }

        // The admin (token file, system:masters), the viewer (its token) and alice (a client certificate).
        #expect(
            try whoami() == ["Username": "admin", "UID": "admin", "Groups": "[system:masters system:authenticated]"])
        let viewer = try server.token("viewer")
        #expect(
            try whoami(["--token", viewer]) == [
                "Username": "viewer", "UID": "viewer", "Groups": "[system:authenticated]",
            ])
        let aliceConfig = server.dataDir + "/alice.kubeconfig"
        try writeFile(
            """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "\(server.url)", certificate-authority: "\(server.caFile)"}}]
            users: [{name: alice, user: {client-certificate: "\(pki.path("alice.crt"))", client-key: "\(pki.path("alice.key"))"}}]
            contexts: [{name: c, context: {cluster: c, user: alice}}]
            current-context: c

            """, to: aliceConfig)
        #expect(try whoami(config: aliceConfig) == ["Username": "alice", "Groups": "[devs system:authenticated]"])

        // can-i --list for the viewer is the first-run policy's: the self reviews, reading every resource.
        // Its non-resource paths (the metrics; not /debug/*, the console channel's) are rules without a
        // namespace, which ABAC's RulesFor leaves out, as kube's does.
        let list = try kubectl(["auth", "can-i", "--list", "--token", viewer])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(
            Set(Self.rows(list.stdout)) == [
                ["selfsubjectreviews.authentication.k8s.io", "[]", "[]", "[*]"],
                ["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[*]"],
                ["selfsubjectrulesreviews.authorization.k8s.io", "[]", "[]", "[*]"],
                ["*.*", "[]", "[]", "[get list watch]"],
            ], "\(list.stdout)")
        // A rule for one namespace shows up in that namespace only (--namespace), once the policy is reloaded.
        let policy = server.dataDir + "/policy.jsonl"
        try writeFile(
            try String(contentsOfFile: policy, encoding: .utf8)
                + policyLine(#""user":"viewer","namespace":"team-a","apiGroup":"","resource":"configmaps""#) + "\n",
            to: policy)
        #expect(server.sighup()?.contains("policy reloaded") == true)
        let teamA = try kubectl(["auth", "can-i", "--list", "--token", viewer, "--namespace", "team-a"])
        #expect(Self.rows(teamA.stdout).contains(["configmaps", "[]", "[]", "[*]"]), "\(teamA.stdout)")
        #expect(
            !Self.rows(try kubectl(["auth", "can-i", "--list", "--token", viewer, "-n", "default"]).stdout).contains {
                $0.first == "configmaps"
            })

        // A new namespace comes with its default service account (created, or applied server-side), which gets
        // a token that authenticates as it.
        #expect(try kubectl(["create", "namespace", "sa-e2e"]).status == 0)
        #expect(
            try kubectl(["get", "serviceaccount", "default", "-n", "sa-e2e", "-o", "name"]).stdout
                == "serviceaccount/default\n")
        let applied = try runTool(
            Self.kubectl, ["--kubeconfig", server.kubeconfig, "apply", "--server-side", "-f", "-"],
            input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: sa-applied}\n")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            try kubectl(["get", "serviceaccount", "default", "-n", "sa-applied", "-o", "name"]).stdout
                == "serviceaccount/default\n")
        let created = try kubectl(["create", "token", "default", "-n", "sa-e2e"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3, "a JWT")
        let account = try whoami(["--token", token])
        #expect(account["Username"] == "system:serviceaccount:sa-e2e:default")
        #expect(account["Groups"] == "[system:serviceaccounts system:serviceaccounts:sa-e2e system:authenticated]")
        #expect(
            account["UID"]
                == (try kubectl(["get", "serviceaccount", "default", "-n", "sa-e2e", "-o", "jsonpath={.metadata.uid}"])
                    .stdout))
        #expect(account.keys.contains("Extra: authentication.kubernetes.io/credential-id"))
        // The policy decides what it may do: discovery and the self reviews, not reading pods.
        let pods = try kubectl(["get", "pods", "-n", "sa-e2e", "--token", token])
        #expect(
            pods.stderr.contains(
                #"pods is forbidden: User "system:serviceaccount:sa-e2e:default" cannot list resource "pods""#),
            "\(pods.stderr)")

        // Deleting the account ends the token: 401 from then on.
        #expect(try kubectl(["delete", "serviceaccount", "default", "-n", "sa-e2e"]).status == 0)
        let refused = try kubectl(["auth", "whoami", "--token", token])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Unauthorized"), "\(refused.stderr)")
        SecurePortAuthTests.expectUnauthorized(try server.curl("/version", bearer: token))
        #expect(eventually(timeout: 5) { ((try? server.authFailures("refused service account token")) ?? 0) >= 2 })
    }
}
