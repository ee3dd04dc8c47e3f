import HTTP

/// A Kubernetes `meta/v1 Status` failure, the body of every API error.
public struct StatusError: Error, Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String
    /// `details.retryAfterSeconds`, for 429.
    public var retryAfterSeconds: Int?

    public init(code: Int, reason: String, message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func notFound(path: Substring) -> StatusError {
        StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    public static func methodNotAllowed(_ method: String, path: Substring) -> StatusError {
        StatusError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
    }

    public static func tooManyRequests(retryAfter: Int) -> StatusError {
        StatusError(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
                    retryAfterSeconds: retryAfter)
    }

    public var json: [UInt8] {
        var out = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"#
        out += JSON.quote(message)
        out += #","reason":"#
        out += JSON.quote(reason)
        if let retryAfterSeconds { out += #","details":{"retryAfterSeconds":\#(retryAfterSeconds)}"# }
        out += #","code":\#(code)}"#
        return Array(out.utf8)
    }

    public var response: HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let retryAfterSeconds { headers.add("Retry-After", String(retryAfterSeconds)) }
        return HTTPResponse(status: HTTPStatus(code: code), headers: headers, body: json)
    }
}

/// The little JSON writing the server needs without Foundation's encoder in the hot path.
public enum JSON {
    /// A JSON string literal for `s`, quotes included.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
