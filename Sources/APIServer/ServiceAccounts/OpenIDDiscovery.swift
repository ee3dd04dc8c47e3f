import HTTP
import KubeAPI

/// The service account issuer's OIDC discovery documents, as kube-apiserver serves them
/// (pkg/serviceaccount/openidmetadata.go, pkg/routes/openidmetadata.go): the provider configuration at
/// `/.well-known/openid-configuration` and the verification keys as a JWKS at `/openid/v1/jwks`, so other
/// systems can check these tokens without asking this server. Served only when the issuer is an https URL
/// without query or fragment, as OIDC requires (kube then skips them too).
public struct OpenIDDiscovery: Sendable {
    public static let configurationPath = "/.well-known/openid-configuration"
    public static let keysPath = "/openid/v1/jwks"
    public static let keysContentType = "application/jwk-set+json"
    /// kube's Cache-Control max-age (the static key getter's GetCacheAgeMaxSeconds).
    public static let maxAgeSeconds = 3600

    public let configuration: [UInt8]
    public let keySet: [UInt8]

    /// Nil when the issuer is not a URL OIDC allows. `externalAddress` is `host:port` of the secure port,
    /// where `jwks_uri` points (kube's default when --service-account-jwks-uri is not given).
    /// An https URL with a host and no query or fragment (what OIDC discovery allows an issuer to be), of
    /// printable ASCII only.
    static func isHTTPSIssuer(_ issuer: String) -> Bool {
        guard issuer.hasPrefix("https://"), !issuer.contains("?"), !issuer.contains("#"),
            !issuer.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F })
        else { return false }
        let authority = issuer.dropFirst("https://".count).prefix { $0 != "/" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last?.prefix { $0 != ":" } ?? ""
        return !host.isEmpty
    }

    public init?(issuer: String, externalAddress: String, keys: [ES256Key]) {
        guard Self.isHTTPSIssuer(issuer), !keys.isEmpty else { return nil }
        configuration =
            JSONValue.object([
                ("issuer", .string(issuer)),
                ("jwks_uri", .string("https://\(externalAddress)\(Self.keysPath)")),
                ("response_types_supported", .array([.string("id_token")])),
                ("subject_types_supported", .array([.string("public")])),
                ("id_token_signing_alg_values_supported", .array([.string(JWT.algorithm)])),
            ]).bytes
        keySet = JSONValue.object([("keys", .array(keys.map(\.jwk)))]).bytes
    }

    /// The two documents as routes, with kube's content types and Cache-Control.
    public var routes: [String: any APIHandler] {
        func route(_ contentType: String, _ body: [UInt8]) -> StaticRoute {
            StaticRoute(
                HTTPResponse(
                    status: .ok,
                    headers: HTTPHeaders([
                        ("Content-Type", contentType), ("Cache-Control", "public, max-age=\(Self.maxAgeSeconds)"),
                    ]), body: body))
        }
        return [
            Self.configurationPath: route("application/json", configuration),
            Self.keysPath: route(Self.keysContentType, keySet),
        ]
    }
}
