import Foundation
import Testing

@testable import APIServer

/// Which issuers get OIDC discovery documents: https URLs with a host and no query or fragment, decided
/// without Foundation's URLComponents as it decided before.
@Suite("OpenID issuer")
struct OpenIDIssuerTests {
    static let issuers = [
        "https://kubernetes.default.svc.cluster.local", "https://a.example", "https://a.example/path/to",
        "https://a.example:6443", "https://user@a.example", "https://[::1]:6443", "http://a.example",
        "https://", "https:///path", "https://a.example?x=1", "https://a.example#top", "https://:443",
        "kubernetes.default.svc", "", "https://a example",
    ]

    @Test(arguments: issuers) func decidesAsURLComponentsDid(issuer: String) throws {
        let key = try ES256Key.generate()
        let components = URLComponents(string: issuer)
        let foundation =
            components?.scheme == "https" && components?.host?.isEmpty == false && components?.query == nil
            && components?.fragment == nil
        #expect((OpenIDDiscovery(issuer: issuer, externalAddress: "127.0.0.1:6443", keys: [key]) != nil) == foundation)
    }
}
