import Foundation
import KubeAPI
import Storage
import Testing
import TestSupport
@testable import APIServer

/// Service account tokens: signed with one key, checked by the authenticator as the secure port checks them,
/// with the objects they name looked up in a table standing in for the store.
@Suite("Service account tokens: ES256 JWTs, signed and verified")
struct ServiceAccountTokenTests {
    static let issuer = "https://kubernetes.default.svc.cluster.local"
    static let now: Int64 = 1_800_000_000
    static let accountUID = "6f1c7e0a-0000-4000-8000-000000000001"

    /// The signing key, made once: key generation is the slow part.
    static let key = try! ES256Key.generate()
    static let otherKey = try! ES256Key.generate()

    static func claims(
        audiences: [String] = [issuer], issuedAt: Int64 = now, lifetime: Int64 = 3600,
        pod: ServiceAccountClaims.Reference? = nil
    ) -> ServiceAccountClaims {
        ServiceAccountClaims(
            issuer: issuer, audiences: audiences, issuedAt: issuedAt, lifetime: lifetime, id: "jti-1",
            namespace: "team-a", serviceAccount: .init(name: "builder", uid: accountUID), pod: pod)
    }

    static func token(_ claims: ServiceAccountClaims = claims(), key: ES256Key = key) throws -> String {
        try ServiceAccountTokenIssuer(issuer: issuer, key: key, maxExpirationSeconds: 0).sign(claims)
    }

    /// The objects that exist, by key → uid.
    static func authenticator(
        _ objects: [ObjectKey: String] = [
            ObjectKey(resource: "serviceaccounts", namespace: "team-a", name: "builder"): accountUID
        ],
        keys: [ES256Key] = [key], issuers: [String] = [issuer]
    ) -> ServiceAccountTokenAuthenticator {
        ServiceAccountTokenAuthenticator(issuers: issuers, keys: keys, implicitAudiences: [issuer]) { objects[$0] }
    }

    static func refusal(_ outcome: ServiceAccountTokenOutcome) -> String? {
        if case .refused(let why, _) = outcome { return why }
        return nil
    }

    @Test func aSignedTokenAuthenticatesAsItsServiceAccount() throws {
        let token = try Self.token()
        guard
            case .authenticated(let user, let audiences) = Self.authenticator().authenticate(
                token[...], now: Self.now + 10)
        else {
            Issue.record("not authenticated")
            return
        }
        #expect(user.name == "system:serviceaccount:team-a:builder")
        #expect(user.uid == Self.accountUID)
        #expect(user.groups == ["system:serviceaccounts", "system:serviceaccounts:team-a"])
        #expect(user.extra == ["authentication.kubernetes.io/credential-id": ["JTI=jti-1"]])
        #expect(audiences == [Self.issuer])
    }

    @Test func theSignatureIsJOSEsRAndSNotDER() throws {
        let parts = try Self.token().split(separator: ".")
        #expect(parts.count == 3)
        let signature = try #require(Base64URL.decode(parts[2].utf8))
        #expect(signature.count == 64, "ES256 is r || s, 32 bytes each")
        let header = try JSONParser.parse(try #require(Base64URL.decode(parts[0].utf8)))
        #expect(header == .object([("alg", .string("ES256")), ("kid", .string(Self.key.keyID))]))
    }

    /// Interoperability: the openssl CLI, given our signature converted to DER, verifies it with the public key.
    @Test func opensslVerifiesTheSignature() throws {
        guard let openssl = which("openssl") else { print("SKIP: openssl not installed"); return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let token = try Self.token()
        let dot = try #require(token.lastIndex(of: "."))
        let signature = try #require(Base64URL.decode(token[token.index(after: dot)...].utf8))
        try Data(token[..<dot].utf8).write(to: URL(fileURLWithPath: dir + "/input"))
        try Data(try #require(ES256Key.derSignature(fromJOSE: signature))).write(
            to: URL(fileURLWithPath: dir + "/sig.der"))
        try Data(Self.key.publicPEM).write(to: URL(fileURLWithPath: dir + "/pub.pem"))
        let good = try runTool(
            openssl, ["dgst", "-sha256", "-verify", dir + "/pub.pem", "-signature", dir + "/sig.der", dir + "/input"])
        #expect(good.status == 0 && good.stdout.contains("Verified OK"), "\(good)")
        // And the reverse: a DER signature from openssl is a valid JOSE signature once converted.
        try Data(Self.key.privatePEM).write(to: URL(fileURLWithPath: dir + "/key.pem"))
        let signed = try runTool(
            openssl, ["dgst", "-sha256", "-sign", dir + "/key.pem", "-out", dir + "/theirs.der", dir + "/input"])
        #expect(signed.status == 0, "\(signed)")
        let theirs = try #require(
            ES256Key.joseSignature(fromDER: Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/theirs.der")))))
        #expect(Self.key.verify(theirs, of: Array(token[..<dot].utf8)))
    }

    @Test func aTamperedSignatureOrPayloadIsRefused() throws {
        let token = try Self.token()
        var parts = token.split(separator: ".").map(String.init)
        var signature = try #require(Base64URL.decode(parts[2].utf8))
        signature[10] ^= 0x01
        let badSignature = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)
        #expect(
            Self.refusal(Self.authenticator().authenticate(badSignature[...], now: Self.now))
                == "go-jose/go-jose: error in cryptographic primitive")

        // Another account's name in the payload, the original signature kept.
        var claims = Self.claims()
        claims.serviceAccount.name = "admin"
        parts[1] = Base64URL.encode(claims.payload.bytes)
        let forged = parts.joined(separator: ".")
        #expect(
            Self.refusal(Self.authenticator().authenticate(forged[...], now: Self.now))
                == "go-jose/go-jose: error in cryptographic primitive")
    }

    @Test func aTokenFromAnotherKeyIsRefused() throws {
        let foreign = try Self.token(key: Self.otherKey)
        // Its kid names a key this server does not have.
        #expect(
            Self.refusal(Self.authenticator().authenticate(foreign[...], now: Self.now))
                == "invalid signature, no keys found")
        // With the other key's public half configured as well (--service-account-key-file), it verifies.
        let both = Self.authenticator(keys: [Self.key, Self.otherKey])
        guard case .authenticated = both.authenticate(foreign[...], now: Self.now) else {
            Issue.record("not authenticated"); return
        }
        // A foreign token relabelled with our kid still fails on the signature.
        var parts = foreign.split(separator: ".").map(String.init)
        parts[0] = Base64URL.encode(
            JSONValue.object([("alg", .string("ES256")), ("kid", .string(Self.key.keyID))]).bytes)
        let relabelled = parts.joined(separator: ".")
        #expect(
            Self.refusal(Self.authenticator().authenticate(relabelled[...], now: Self.now))
                == "go-jose/go-jose: error in cryptographic primitive")
    }

    @Test func anExpiredTokenIsRefusedAfterTheLeeway() throws {
        let token = try Self.token(Self.claims(lifetime: 600))
        let expiry = Self.now + 600
        // One authenticator throughout: a token remembered as verified is still checked for expiry.
        let authenticator = Self.authenticator()
        guard
            case .authenticated = authenticator.authenticate(
                token[...], now: expiry + ServiceAccountTokenAuthenticator.leewaySeconds)
        else {
            Issue.record("refused within the leeway")
            return
        }
        #expect(
            Self.refusal(
                authenticator.authenticate(token[...], now: expiry + ServiceAccountTokenAuthenticator.leewaySeconds + 1)
            )
                == "service account token has expired")
        // Not valid before it was issued (less the leeway) either.
        #expect(
            Self.refusal(Self.authenticator().authenticate(token[...], now: Self.now - 61))
                == "service account token is not valid yet")
    }

    @Test func aTokenForAnotherAudienceIsRefusedHereButGoodForThatAudience() throws {
        let token = try Self.token(Self.claims(audiences: ["vault"]))
        #expect(
            Self.refusal(Self.authenticator().authenticate(token[...], now: Self.now))
                == #"token audiences ["vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]"#
        )
        guard
            case .authenticated(_, let audiences) = Self.authenticator().authenticate(
                token[...], audiences: ["vault", "other"], now: Self.now)
        else {
            Issue.record("refused for its own audience")
            return
        }
        #expect(audiences == ["vault"])
    }

    @Test func aDeletedOrRecreatedAccountOrPodEndsTheToken() throws {
        let token = try Self.token()
        #expect(
            Self.refusal(Self.authenticator([:]).authenticate(token[...], now: Self.now))
                == #"serviceaccounts "builder" not found"#)
        let recreated = [ObjectKey(resource: "serviceaccounts", namespace: "team-a", name: "builder"): "new-uid"]
        #expect(
            Self.refusal(Self.authenticator(recreated).authenticate(token[...], now: Self.now))
                == "service account UID (new-uid) does not match claim (\(Self.accountUID))")

        let bound = try Self.token(Self.claims(pod: .init(name: "web", uid: "pod-uid")))
        let account = [ObjectKey(resource: "serviceaccounts", namespace: "team-a", name: "builder"): Self.accountUID]
        #expect(
            Self.refusal(Self.authenticator(account).authenticate(bound[...], now: Self.now))
                == "service account token has been invalidated")
        var withPod = account
        withPod[ObjectKey(resource: "pods", namespace: "team-a", name: "web")] = "pod-uid"
        guard case .authenticated(let user, _) = Self.authenticator(withPod).authenticate(bound[...], now: Self.now)
        else {
            Issue.record("a pod-bound token with its pod was refused")
            return
        }
        #expect(user.extra["authentication.kubernetes.io/pod-name"] == ["web"])
        #expect(user.extra["authentication.kubernetes.io/pod-uid"] == ["pod-uid"])
    }

    @Test func tokensOfOtherIssuersAndNonJWTsAreNotItsBusiness() throws {
        let other = try ServiceAccountTokenIssuer(issuer: "https://elsewhere", key: Self.key, maxExpirationSeconds: 0)
            .sign(Self.claims())
        #expect(Self.authenticator().authenticate(other[...], now: Self.now) == .notServiceAccountToken)
        #expect(
            Self.authenticator(issuers: [Self.issuer, "https://elsewhere"]).authenticate(other[...], now: Self.now)
                != .notServiceAccountToken)
        for junk in ["", "abc", String(repeating: "ab", count: 32), "a.b.c", "e30.e30.", "e30.e30"] {
            #expect(Self.authenticator().authenticate(junk[...], now: Self.now) == .notServiceAccountToken, "\(junk)")
        }
    }
}
