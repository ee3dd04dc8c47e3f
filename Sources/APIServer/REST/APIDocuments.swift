import HTTP

/// The documents served at fixed paths: discovery and OpenAPI.
enum APIDocuments {
    static func routes(server: APIServer) -> [String: @Sendable (Exchange) -> HTTPResponse] {
        [:]
    }
}

extension RESTCodecs {
    /// The codecs the server runs with.
    static var standard: RESTCodecs { .minimal }
}
