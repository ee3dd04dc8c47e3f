/// A complete response. The engine adds Date, Content-Length and Connection; handlers set the rest.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// When set, the body is produced in pieces as the client reads it (and `body` is not sent).
    public var streamedBody: HTTPStreamedBody?

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), streamedBody: HTTPStreamedBody) {
        self.status = status
        self.headers = headers
        self.body = []
        self.streamedBody = streamedBody
    }

    /// Bytes in the body as sent, streamed or not.
    public var bodyCount: Int { streamedBody?.count ?? body.count }

    public init(status: HTTPStatus, contentType: String, body: [UInt8]) {
        self.init(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: body)
    }

    /// A text/plain response with a trailing newline, the shape Go's http.Error writes.
    public static func text(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }
}

/// The head of a streamed (chunked) response.
public struct HTTPResponseHead: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.headers = headers
    }
}
