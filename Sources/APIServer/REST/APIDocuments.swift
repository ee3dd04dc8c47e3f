import HTTP

/// The documents served at fixed paths: discovery (chosen by the Accept header) and OpenAPI.
enum APIDocuments {
    static func response(for exchange: Exchange) -> HTTPResponse? {
        let path = String(exchange.request.path)
        let host = exchange.request.headers["host"] ?? "127.0.0.1"
        if let document = Discovery.response(path: path, accept: exchange.request.headers["accept"], serverAddress: host) {
            return HTTPResponse(status: .ok, contentType: document.contentType, body: document.body)
        }
        return nil
    }
}

extension RESTCodecs {
    /// The codecs the server runs with.
    static var standard: RESTCodecs {
        var codecs = RESTCodecs.minimal
        codecs.patch = Patcher.codec
        codecs.table = { resource, objects, now, includeObject, resourceVersion, continueToken in
            TablePrinter.table(resource: resource.name, objects: objects, now: now, includeObject: includeObject,
                               resourceVersion: resourceVersion, continueToken: continueToken)
        }
        return codecs
    }
}
