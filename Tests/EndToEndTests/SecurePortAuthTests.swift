import Foundation
import Testing
import TestSupport

/// Authentication (bearer tokens, client certificates, basic auth) and ABAC authorization on the secure
/// port, with curl as the client and /metrics as the record of every refusal.
@Suite("secure port: authentication and authorization end to end")
struct SecurePortAuthTests {
    /// A 401 exactly as kube-apiserver sends it.
    static func expectUnauthorized(
        _ r: Reply, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == 401, comment, sourceLocation: sourceLocation)
        #expect(r.headers["content-type"] == "application/json", comment, sourceLocation: sourceLocation)
        let status = r.statusObject
        #expect(status?["kind"] as? String == "Status", comment, sourceLocation: sourceLocation)
        #expect(status?["apiVersion"] as? String == "v1", comment, sourceLocation: sourceLocation)
        #expect(status?["status"] as? String == "Failure", comment, sourceLocation: sourceLocation)
        #expect(status?["reason"] as? String == "Unauthorized", comment, sourceLocation: sourceLocation)
        #expect(status?["message"] as? String == "Unauthorized", comment, sourceLocation: sourceLocation)
        #expect(status?["code"] as? Int == 401, comment, sourceLocation: sourceLocation)
    }

    @Test func missingWrongAndMalformedCredentialsAre401AndAValidTokenIs200() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()

        let none = try server.curl("/version")
        Self.expectUnauthorized(none, "no credentials")
        #expect(none.headers["www-authenticate"] == nil, "no basic auth configured: no challenge")

        let wrong = try server.curl("/version", bearer: String(repeating: "ab", count: 32))
        Self.expectUnauthorized(wrong, "unknown token")

        let malformed = [
            "Authorization: Bearer", "Authorization: Token abc", "Authorization: garbage",
            "Authorization: Basic Zm9vOmJhcg==",
        ]
        for header in malformed {
            Self.expectUnauthorized(try server.curl("/version", headers: [header]), "\(header)")
        }

        let ok = try server.curl("/version", bearer: try server.token("viewer"))
        #expect(ok.status == 200, "\(ok)")
        #expect(ok.body.contains(#""gitVersion": "v1.32.0+kube-console."#))
        // Clients generated from the OpenAPI document (the Python client) ask for /version/: the default
        // policy lets every authenticated user read it too.
        let slash = try server.curl("/version/", bearer: try server.token("viewer"))
        #expect(slash.status == 200, "\(slash)")

        #expect(server.expectAuthFailures("no credentials", 1))
        #expect(server.expectAuthFailures("unknown token", 1))
        #expect(server.expectAuthFailures("malformed header", malformed.count))
    }

    @Test func everyGeneratedUserAuthenticatesWithItsToken() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let tokens = try server.tokens()
        #expect(Set(tokens.keys) == ["admin", "kubelet", "kube-proxy", "viewer"])
        for (user, token) in tokens {
            #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "\(user)'s token is 256 random bits in hex")
            #expect(try server.curl("/healthz", bearer: token).status == 200, "\(user)")
            #expect(server.process.waitForStdout(#" \#(user) "GET /healthz" 200"#), "\(user) in the access log")
        }
    }

    @Test func aPolicyDenialIs403WithKubeApiserversMessage() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let viewer = try server.token("viewer")
        let denied = try server.curl("/api/v1/namespaces/default/pods", bearer: viewer, method: "POST")
        #expect(denied.status == 403, "\(denied)")
        let status = denied.statusObject
        #expect(status?["kind"] as? String == "Status")
        #expect(status?["status"] as? String == "Failure")
        #expect(status?["reason"] as? String == "Forbidden")
        #expect(status?["code"] as? Int == 403)
        #expect(
            status?["message"] as? String
                == #"pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "default": No policy matched."#
        )
        #expect(server.expectAuthFailures("forbidden", 1))

        // The same path read-only is allowed (and then unknown: 404), and the admin may write it.
        #expect(try server.curl("/api/v1/namespaces/default/pods", bearer: viewer).status == 200)
        #expect(
            try server.curl("/api/v1/namespaces/default/pods", bearer: try server.token("admin"), method: "POST").status
                == 400)  // past authorization; the empty body is the API's 400
        // kube-proxy reads services only; kubelet may write pods but not services.
        let proxy = try server.token("kube-proxy"), kubelet = try server.token("kubelet")
        #expect(try server.curl("/api/v1/namespaces/default/services", bearer: proxy).status == 200)
        #expect(try server.curl("/api/v1/namespaces/default/pods", bearer: proxy).status == 403)
        // past authorization; the empty body is the API's 400
        #expect(try server.curl("/api/v1/namespaces/default/pods", bearer: kubelet, method: "POST").status == 400)
        #expect(try server.curl("/api/v1/namespaces/default/services", bearer: kubelet, method: "POST").status == 403)
        // kubelet's heartbeat: a Lease in kube-node-lease, and nowhere else.
        let lease = [
            "-H", "Content-Type: application/json", "--data",
            #"{"metadata":{"name":"node-1"},"spec":{"holderIdentity":"node-1"}}"#,
        ]
        #expect(
            try server.curl(
                "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", bearer: kubelet, method: "POST",
                extra: lease
            ).status == 201)
        #expect(
            try server.curl(
                "/apis/coordination.k8s.io/v1/namespaces/default/leases", bearer: kubelet, method: "POST", extra: lease
            ).status == 403)
        #expect(server.expectAuthFailures("forbidden", 4))
    }

    @Test func clientCertificatesFromTheClientCAAuthenticateWithCNAndO() throws {
        guard haveSecureClients() else { return }
        let pki = ClientPKI()
        try pki.makeCA("client-ca")
        try pki.makeCA("other-ca")
        try pki.makeRequest("alice", subject: "/CN=alice/O=devs")
        try pki.sign("alice", ca: "client-ca")
        try pki.makeRequest("bob", subject: "/CN=bob/O=ops")
        try pki.sign("bob", ca: "client-ca")
        try pki.makeRequest("foreign", subject: "/CN=alice/O=devs")
        try pki.sign("foreign", ca: "other-ca")
        try pki.makeRequest("server-only", subject: "/CN=alice/O=devs")
        try pki.sign("server-only", ca: "client-ca", extendedKeyUsage: "serverAuth")
        try pki.makeRequest("expired", subject: "/CN=alice/O=devs")
        try pki.signExpired("expired", ca: "client-ca")
        let policy = pki.path("policy.jsonl")
        try writeFile(
            "# devs read everything\n"
                + policyLine(
                    #""group":"devs","readonly":true,"namespace":"*","resource":"*","apiGroup":"*","nonResourcePath":"*""#
                ) + "\n",
            to: policy)

        let server = try SecureServer([
            "--client-ca-file", pki.path("client-ca.crt"),
            "--authorization-mode", "ABAC", "--authorization-policy-file", policy,
        ])
        let pods = "/api/v1/namespaces/default/pods"

        // alice: user from CN, group devs from O.
        let alice = pki.curlArgs(cert: "alice")
        #expect(try server.curl("/version", extra: alice).status == 200)
        #expect(try server.curl(pods, extra: alice).status == 200)
        let write = try server.curl(pods, method: "POST", extra: alice)
        #expect(write.status == 403)
        #expect(
            write.statusObject?["message"] as? String
                == #"pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default": No policy matched."#
        )
        #expect(server.process.waitForStdout(#" alice "GET /version" 200"#))

        // bob is trusted but in group ops, which the policy does not name.
        let bob = try server.curl(pods, extra: pki.curlArgs(cert: "bob"))
        #expect(bob.status == 403)
        #expect(
            bob.statusObject?["message"] as? String
                == #"pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default": No policy matched."#
        )

        // Another CA, a certificate not for client auth, an expired certificate: 401 with the reason.
        Self.expectUnauthorized(
            try server.curl("/version", extra: pki.curlArgs(cert: "foreign", key: "foreign")), "other CA")
        Self.expectUnauthorized(
            try server.curl("/version", extra: pki.curlArgs(cert: "server-only")), "no clientAuth EKU")
        Self.expectUnauthorized(try server.curl("/version", extra: pki.curlArgs(cert: "expired")), "expired")
        #expect(server.expectAuthFailures("untrusted certificate", 2))
        #expect(server.expectAuthFailures("expired certificate", 1))
        #expect(server.expectAuthFailures("forbidden", 2))

        // Without a certificate a token still works (generated token file, ABAC policy given): viewer is
        // not in the policy, so it is authenticated and then denied.
        #expect(try server.curl("/version", bearer: try server.token("viewer")).status == 403)
    }

    /// kube-apiserver's union authenticator: a failing authenticator does not stop the next one, and the
    /// first success wins. A client certificate the server cannot verify must not hide a valid token.
    @Test func aRejectedClientCertificateDoesNotHideAValidBearerToken() throws {
        guard haveSecureClients() else { return }
        let pki = ClientPKI()
        try pki.makeCA("client-ca")
        try pki.makeCA("other-ca")
        try pki.makeRequest("foreign", subject: "/CN=mallory/O=system:masters")
        try pki.sign("foreign", ca: "other-ca")
        let server = try SecureServer(["--client-ca-file", pki.path("client-ca.crt")])
        let viewer = try server.token("viewer")
        let r = try server.curl("/version", bearer: viewer, extra: pki.curlArgs(cert: "foreign"))
        #expect(r.status == 200, "a valid token with an unverifiable certificate: \(r)")
        // The untrusted certificate alone is still refused.
        Self.expectUnauthorized(try server.curl("/version", extra: pki.curlArgs(cert: "foreign")))
    }

    @Test func basicAuthGoodPasswordIs200AndBadIs401WithAChallenge() throws {
        guard haveSecureClients() else { return }
        let dir = makeTemporaryDirectory()
        let passwords = dir + "/basic.csv"
        try writeFile(#"s3cret-carol,carol,1001,"devs,ops""# + "\n" + "pw-dave,dave,1002\n", to: passwords)
        let server = try SecureServer(["--basic-auth-file", passwords], dataDir: dir)

        let good = try server.curl("/version", extra: ["-u", "carol:s3cret-carol"])
        #expect(good.status == 200, "\(good)")
        #expect(good.headers["www-authenticate"] == nil)
        #expect(server.process.waitForStdout(#" carol "GET /version" 200"#))
        #expect(try server.curl("/healthz", extra: ["-u", "dave:pw-dave"]).status == 200)
        // Default policy: carol may read /version but not write pods.
        #expect(
            try server.curl("/api/v1/namespaces/default/pods", method: "POST", extra: ["-u", "carol:s3cret-carol"])
                .status == 403)

        for credentials in ["carol:wrong", "carol:", "nobody:s3cret-carol", "dave:s3cret-carol"] {
            let bad = try server.curl("/version", extra: ["-u", credentials])
            Self.expectUnauthorized(bad, "\(credentials)")
            #expect(bad.headers["www-authenticate"] == #"Basic realm="kubernetes-master""#, "\(credentials)")
        }
        #expect(server.expectAuthFailures("bad password", 4))

        // With basic auth configured every 401 carries the challenge, and tokens still work.
        let none = try server.curl("/version")
        Self.expectUnauthorized(none)
        #expect(none.headers["www-authenticate"] == #"Basic realm="kubernetes-master""#)
        #expect(try server.curl("/version", bearer: try server.token("viewer")).status == 200)
    }

    @Test func noTokenAppearsInTheServersOutput() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer()
        let wrong = String(repeating: "cd", count: 32)
        let original = try server.tokens()
        for (user, token) in original {
            _ = try server.curl("/version", bearer: token)
            _ = try server.curl("/api/v1/namespaces/default/pods", bearer: token, method: "POST")
            #expect(server.process.waitForStdout(#" \#(user) "POST /api/v1/namespaces/default/pods""#), "\(user)")
        }
        Self.expectUnauthorized(try server.curl("/version", bearer: wrong))
        Self.expectUnauthorized(
            try server.curl("/version?token=\(wrong)", headers: ["Authorization: Bearer \(wrong)x"]))
        let rotated = try server.rotate("viewer")
        #expect(server.sighup()?.contains("tokens reloaded: 4 users") == true)
        #expect(try server.curl("/version", bearer: rotated).status == 200)
        #expect(server.process.waitForStdout(#" - "GET /version" 401"#))
        #expect(server.process.waitForStdout(#" viewer "GET /version" 200"#))

        let output = server.process.stdout + server.process.stderr
        var secrets = ["wrong": wrong, "viewer (rotated)": rotated]
        for (user, token) in original { secrets[user] = token }
        for (user, token) in secrets {
            #expect(!output.contains(token), "\(user)'s full token is in the server's output")
            #expect(!output.contains(token.prefix(16)), "half of \(user)'s token is in the server's output")
        }
    }
}
