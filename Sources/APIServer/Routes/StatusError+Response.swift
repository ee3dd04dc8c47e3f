import HTTP
import KubeAPI

/// A Status error as the HTTP answer: its JSON body, its code, and Retry-After when it carries one.
extension StatusError {
    public var response: HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let retryAfterSeconds { headers.add("Retry-After", String(retryAfterSeconds)) }
        return HTTPResponse(status: HTTPStatus(code: code), headers: headers, body: json)
    }
}
