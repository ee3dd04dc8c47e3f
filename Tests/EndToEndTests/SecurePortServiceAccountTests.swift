import Foundation
import Testing
import TestSupport

/// Service account tokens over the secure port with curl: TokenRequest's answers and refusals, TokenReview on
/// behalf of another component, and the issuer's OIDC discovery documents. One server for all.
@Suite("secure port: TokenRequest, TokenReview and OIDC discovery end to end")
struct SecurePortServiceAccountTests {
    static func json(_ reply: Reply) -> [String: Any] { reply.statusObject ?? [:] }

    @Test func tokenRequestTokenReviewAndDiscovery() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer(["--service-account-max-token-expiration", "1h"])
        let admin = try server.token("admin"), viewer = try server.token("viewer")
        func post(_ path: String, _ body: String, as token: String) throws -> Reply {
            try server.curl(
                path, bearer: token, method: "POST", headers: ["Content-Type: application/json"],
                extra: ["--data-binary", body])
        }
        #expect(try fileMode(server.dataDir + "/pki/sa.key") == 0o600)
        // Each system namespace has its default service account from the start.
        for namespace in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            #expect(
                try server.curl("/api/v1/namespaces/\(namespace)/serviceaccounts/default", bearer: admin).status == 200,
                "\(namespace)")
        }

        // A token for another audience, longer than the server allows: shortened, with kube's warning.
        let tokens = "/api/v1/namespaces/default/serviceaccounts/default/token"
        let issued = try post(
            tokens,
            #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"audiences":["vault"],"expirationSeconds":7200}}"#,
            as: admin)
        #expect(issued.status == 201, "\(issued)")
        #expect(issued.headers["warning"] == #"299 - "requested expiration of 7200 seconds shortened to 3600 seconds""#)
        let request = Self.json(issued)
        #expect(request["kind"] as? String == "TokenRequest")
        #expect(request["apiVersion"] as? String == "authentication.k8s.io/v1")
        #expect((request["metadata"] as? [String: Any])?["name"] as? String == "default")
        let spec = request["spec"] as? [String: Any] ?? [:]
        #expect(spec["audiences"] as? [String] == ["vault"])
        #expect(spec["expirationSeconds"] as? Int == 3600)
        let status = request["status"] as? [String: Any] ?? [:]
        let token = try #require(status["token"] as? String)
        #expect((status["expirationTimestamp"] as? String)?.hasSuffix("Z") == true)

        // kube's refusals.
        let short = try post(tokens, #"{"spec":{"expirationSeconds":60}}"#, as: admin)
        #expect(short.status == 422)
        #expect(
            Self.json(short)["message"] as? String
                == #"TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes"#
        )
        let missing = try post("/api/v1/namespaces/default/serviceaccounts/ghost/token", "{}", as: admin)
        #expect(missing.status == 404)
        #expect(Self.json(missing)["message"] as? String == #"serviceaccounts "ghost" not found"#)
        let unbound = try post(
            tokens, #"{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"ghost"}}}"#, as: admin)
        #expect(Self.json(unbound)["message"] as? String == #"pods "ghost" not found"#)
        #expect(try post(tokens, "{}", as: viewer).status == 403, "the viewer may not make tokens")

        // TokenReview: good for its own audience, with the account's user; not for the API's; garbage is not a user.
        let reviews = "/apis/authentication.k8s.io/v1/tokenreviews"
        let good = Self.json(try post(reviews, #"{"spec":{"token":"\#(token)","audiences":["vault"]}}"#, as: admin))
        let verdict = good["status"] as? [String: Any] ?? [:]
        #expect(verdict["authenticated"] as? Bool == true, "\(good)")
        #expect(verdict["audiences"] as? [String] == ["vault"])
        let user = verdict["user"] as? [String: Any] ?? [:]
        #expect(user["username"] as? String == "system:serviceaccount:default:default")
        #expect(
            user["groups"] as? [String] == [
                "system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated",
            ])
        let other =
            Self.json(try post(reviews, #"{"spec":{"token":"\#(token)"}}"#, as: admin))["status"] as? [String: Any]
            ?? [:]
        #expect(other["authenticated"] == nil)
        #expect(
            other["error"] as? String
                == #"token audiences ["vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]"#
        )
        let garbage =
            Self.json(try post(reviews, #"{"spec":{"token":"not-a-token"}}"#, as: admin))["status"] as? [String: Any]
            ?? [:]
        #expect(garbage["error"] as? String == "invalid bearer token")
        let empty = try post(reviews, #"{"spec":{}}"#, as: admin)
        #expect(
            empty.status == 400
                && Self.json(empty)["message"] as? String == "token is required for TokenReview in authentication")
        #expect(
            try post(reviews, #"{"spec":{"token":"x"}}"#, as: viewer).status == 403,
            "TokenReview is for privileged users")
        // The API itself refuses the vault token.
        SecurePortAuthTests.expectUnauthorized(try server.curl("/version", bearer: token))

        // OIDC discovery, readable by every authenticated user: the issuer, and the key that signed the token.
        let configuration = try server.curl("/.well-known/openid-configuration", bearer: viewer)
        #expect(configuration.status == 200)
        #expect(configuration.headers["content-type"] == "application/json")
        #expect(configuration.headers["cache-control"] == "public, max-age=3600")
        let document = Self.json(configuration)
        #expect(document["issuer"] as? String == "https://kubernetes.default.svc.cluster.local")
        #expect(document["jwks_uri"] as? String == "\(server.url)/openid/v1/jwks")
        #expect(document["id_token_signing_alg_values_supported"] as? [String] == ["ES256"])
        #expect(document["response_types_supported"] as? [String] == ["id_token"])
        #expect(document["subject_types_supported"] as? [String] == ["public"])
        let jwks = try server.curl("/openid/v1/jwks", bearer: viewer)
        #expect(jwks.headers["content-type"] == "application/jwk-set+json")
        let key = (Self.json(jwks)["keys"] as? [[String: Any]])?.first ?? [:]
        #expect(
            key["kty"] as? String == "EC" && key["crv"] as? String == "P-256" && key["alg"] as? String == "ES256"
                && key["use"] as? String == "sig")
        let header = try #require(Data(base64Encoded: base64(String(token.split(separator: ".")[0]))))
        #expect(
            (try JSONSerialization.jsonObject(with: header) as? [String: Any])?["kid"] as? String == key["kid"]
                as? String)
        SecurePortAuthTests.expectUnauthorized(try server.curl("/openid/v1/jwks"))

        // The token was used, reviewed and refused, and the server printed none of it (access log included).
        #expect(server.process.waitForStdout(#""POST /apis/authentication.k8s.io/v1/tokenreviews" 201"#))
        let output = server.process.stdout + server.process.stderr
        for part in token.split(separator: ".").dropFirst() {
            #expect(!output.contains(part), "a token part is in the server's output")
        }
    }

    /// base64url without padding → standard base64, for Foundation's decoder.
    func base64(_ text: String) -> String {
        let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return standard + String(repeating: "=", count: (4 - standard.count % 4) % 4)
    }
}
