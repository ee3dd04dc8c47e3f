import HTTP
import KubeAPI

/// A Kubernetes `meta/v1 Status` failure, the body of every API error.
public struct StatusError: Error, Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String
    /// `details.retryAfterSeconds`, for 429.
    public var retryAfterSeconds: Int?
    /// `details.name`, `details.group`, `details.kind`: the object an error is about.
    public var details: (name: String, group: String, kind: String)?
    /// `details.causes` of an Invalid error.
    public var causes: [(reason: String, message: String, field: String)] = []

    public init(code: Int, reason: String, message: String, retryAfterSeconds: Int? = nil,
                details: (name: String, group: String, kind: String)? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.details = details
    }

    public static func == (a: StatusError, b: StatusError) -> Bool {
        a.code == b.code && a.reason == b.reason && a.message == b.message && a.retryAfterSeconds == b.retryAfterSeconds
            && a.details?.name == b.details?.name && a.details?.group == b.details?.group && a.details?.kind == b.details?.kind
    }

    public static let unauthorized = StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")

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
        // One details object, in StatusDetails' field order (a 409 from generateName carries both the object
        // and retryAfterSeconds).
        if details != nil || retryAfterSeconds != nil {
            var fields: [String] = []
            if let details {
                if !details.name.isEmpty { fields.append(#""name":"# + JSON.quote(details.name)) }
                if !details.group.isEmpty { fields.append(#""group":"# + JSON.quote(details.group)) }
                if !details.kind.isEmpty { fields.append(#""kind":"# + JSON.quote(details.kind)) }
                if !causes.isEmpty {
                    fields.append(#""causes":["# + causes.map { #"{"reason":"# + JSON.quote($0.reason) + #","message":"# + JSON.quote($0.message) + #","field":"# + JSON.quote($0.field) + "}" }.joined(separator: ",") + "]")
                }
            }
            if let retryAfterSeconds { fields.append(#""retryAfterSeconds":\#(retryAfterSeconds)"#) }
            out += #","details":{"# + fields.joined(separator: ",") + "}"
        }
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
    /// A JSON string literal for `s`, quotes included (the writer's escaping, as text).
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        JSONValue.writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
