import HTTP
import KubeAPI

/// The documents served at fixed paths: discovery (chosen by the Accept header) and OpenAPI.
enum APIDocuments {
    static func response(for exchange: Exchange) -> HTTPResponse? {
        // Every document lives under /api, /apis or /openapi: other paths (/version, /healthz) skip the
        // lookups below.
        guard exchange.request.pathHasPrefix("/api") || exchange.request.pathHasPrefix("/openapi") else { return nil }
        let path = String(exchange.request.path)
        let host = exchange.request.headers["host"] ?? "127.0.0.1"
        let accept = exchange.request.headers["accept"]
        if let document = Discovery.response(path: path, accept: accept, serverAddress: host) {
            return HTTPResponse(status: .ok, contentType: document.contentType, body: document.body)
        }
        switch path {
        case "/openapi/v2":
            // kubectl validates `kind: List` manifests from the protobuf form of the v2 document.
            if accept?.contains("protobuf") == true {
                return HTTPResponse(status: .ok, contentType: OpenAPI.v2ProtobufContentType, body: OpenAPI.v2Protobuf())
            }
            return HTTPResponse(status: .ok, contentType: "application/json", body: OpenAPI.v2())
        case "/openapi/v3", "/openapi/v3/":
            return HTTPResponse(status: .ok, contentType: "application/json", body: OpenAPI.v3Root())
        default:
            if path.hasPrefix("/openapi/v3/"),
                let document = OpenAPI.v3(groupVersion: String(path.dropFirst("/openapi/v3/".count)))
            {
                return HTTPResponse(status: .ok, contentType: "application/json", body: document)
            }
            return nil
        }
    }
}
