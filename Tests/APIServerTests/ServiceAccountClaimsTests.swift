import KubeAPI
import Testing
@testable import APIServer

/// The claims of a service account token, byte for byte as kube-apiserver writes them.
@Suite("Service account tokens: claims")
struct ServiceAccountClaimsTests {
    @Test func claimsAreKubesSortedKeysAndPrivateClaim() {
        let claims = ServiceAccountClaims(
            issuer: "https://kubernetes.default.svc.cluster.local",
            audiences: ["https://kubernetes.default.svc.cluster.local"],
            issuedAt: 1_700_000_000, lifetime: 3600, id: "5d7e3c0a-1111-4222-8333-444455556666",
            namespace: "default", serviceAccount: .init(name: "default", uid: "sa-uid"))
        #expect(
            claims.payload.text
                == #"{"aud":["https://kubernetes.default.svc.cluster.local"],"exp":1700003600,"iat":1700000000,"iss":"https://kubernetes.default.svc.cluster.local","jti":"5d7e3c0a-1111-4222-8333-444455556666","kubernetes.io":{"namespace":"default","serviceaccount":{"name":"default","uid":"sa-uid"}},"nbf":1700000000,"sub":"system:serviceaccount:default:default"}"#
        )
    }

    @Test func aPodBoundTokenNamesThePodAndItsNode() {
        let claims = ServiceAccountClaims(
            issuer: "iss", audiences: ["a", "b"], issuedAt: 10, lifetime: 3607, id: "j", namespace: "ns",
            serviceAccount: .init(name: "sa", uid: "u1"), pod: .init(name: "web", uid: "u2"),
            node: .init(name: "node-1", uid: ""), warnAfter: 3617)
        #expect(
            claims.payload.text
                == #"{"aud":["a","b"],"exp":3617,"iat":10,"iss":"iss","jti":"j","kubernetes.io":{"namespace":"ns","node":{"name":"node-1"},"pod":{"name":"web","uid":"u2"},"serviceaccount":{"name":"sa","uid":"u1"},"warnafter":3617},"nbf":10,"sub":"system:serviceaccount:ns:sa"}"#
        )
        #expect(ServiceAccountClaims(payload: claims.payload) == claims)
    }

    @Test func readingClaimsAcceptsASingleAudienceStringAndRefusesMissingClaims() throws {
        let payload = try JSONParser.parse(
            #"{"aud":"vault","exp":20.5,"iss":"i","sub":"s","kubernetes.io":{"namespace":"n","serviceaccount":{"name":"a","uid":"u"}}}"#
        )
        let claims = try #require(ServiceAccountClaims(payload: payload))
        #expect(claims.audiences == ["vault"])
        #expect(claims.expiry == 20)
        #expect(claims.pod == nil && claims.secret == nil && claims.node == nil)
        for broken in [
            #"{"exp":1,"iss":"i","sub":"s"}"#,
            #"{"aud":[1],"exp":1,"iss":"i","sub":"s","kubernetes.io":{"namespace":"n","serviceaccount":{}}}"#,
            #"{"exp":"1","iss":"i","sub":"s","kubernetes.io":{"namespace":"n","serviceaccount":{}}}"#,
        ] {
            #expect(ServiceAccountClaims(payload: try JSONParser.parse(broken[...])) == nil, "\(broken)")
        }
    }

    @Test func base64URLIsStrictAndUnpadded() {
        #expect(Base64URL.encode(Array("hi?>".utf8)) == "aGk_Pg")
        #expect(Base64URL.decode(Array("aGk_Pg".utf8)) == Array("hi?>".utf8))
        for bad in ["aGk/Pg", "aGk_Pg==", "aGk_P", "aGk_Ph", "a b"] {
            #expect(Base64URL.decode(Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
