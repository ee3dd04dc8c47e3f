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

    public init(
        code: Int, reason: String, message: String, retryAfterSeconds: Int? = nil,
        details: (name: String, group: String, kind: String)? = nil
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.details = details
    }

    public static func == (a: StatusError, b: StatusError) -> Bool {
        a.code == b.code && a.reason == b.reason && a.message == b.message && a.retryAfterSeconds == b.retryAfterSeconds
            && a.details?.name == b.details?.name && a.details?.group == b.details?.group
            && a.details?.kind == b.details?.kind
            && a.causes.elementsEqual(b.causes) {
                $0.reason == $1.reason && $0.message == $1.message && $0.field == $1.field
            }
    }

    public static let unauthorized = StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    public static func notFound(path: Substring) -> StatusError {
        StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    public static func methodNotAllowed(_ method: String, path: Substring) -> StatusError {
        StatusError(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource")
    }

    public static func tooManyRequests(retryAfter: Int) -> StatusError {
        StatusError(
            code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
            retryAfterSeconds: retryAfter)
    }

    // kube-apiserver's Status errors, message for message (k8s.io/apimachinery/pkg/api/errors).

    /// `pods "x" not found`
    public static func notFound(_ resource: String, _ name: String, group: String = "") -> StatusError {
        StatusError(
            code: 404, reason: "NotFound", message: "\(qualified(resource, group)) \"\(name)\" not found",
            details: (name, group, resource))
    }

    public static func alreadyExists(_ resource: String, _ name: String, group: String = "") -> StatusError {
        StatusError(
            code: 409, reason: "AlreadyExists", message: "\(qualified(resource, group)) \"\(name)\" already exists",
            details: (name, group, resource))
    }

    public static func conflict(_ resource: String, _ name: String, _ why: String) -> StatusError {
        StatusError(
            code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(why)",
            details: (name, "", resource))
    }

    public static let modifiedReason =
        "the object has been modified; please apply your changes to the latest version and try again"

    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }

    public static func unsupportedMediaType(_ contentType: String) -> StatusError {
        StatusError(
            code: 415, reason: "UnsupportedMediaType",
            message:
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf"
        )
    }

    public static func gone(_ message: String) -> StatusError {
        StatusError(code: 410, reason: "Expired", message: message)
    }

    public static func internalError(_ message: String) -> StatusError {
        StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    public static func forbiddenMessage(_ message: String) -> StatusError {
        StatusError(code: 403, reason: "Forbidden", message: message)
    }

    public static func qualified(_ resource: String, _ group: String) -> String {
        group.isEmpty ? resource : "\(resource).\(group)"
    }

    /// `Pod "x" is invalid: [a, b]` with causes, as 422.
    public static func invalid(kind: String, name: String, group: String = "", _ errors: [FieldError]) -> StatusError {
        let list = errors.count == 1 ? errors[0].message : "[" + errors.map(\.message).joined(separator: ", ") + "]"
        var status = StatusError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(list)",
            details: (name, group, kind))
        status.causes = errors.map {
            (reason: $0.kind.rawValue, message: $0.message.replacingPrefix("\($0.field): ", with: ""), field: $0.field)
        }
        return status
    }

    /// kube's NewGenerateNameConflict: the AlreadyExists a client gets when no generated name was free, with
    /// retryAfterSeconds 1 (and so a Retry-After header) as kube sends it.
    public static func generateNameConflict(_ resource: String, _ name: String) -> StatusError {
        StatusError(
            code: 409, reason: "AlreadyExists",
            message:
                "\(resource) \"\(name)\" already exists, the server was not able to generate a unique name for the object",
            retryAfterSeconds: 1, details: (name, "", resource))
    }

    /// The Status object as JSON bytes, fields in kube's order.
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
                    fields.append(
                        #""causes":["#
                            + causes.map {
                                #"{"reason":"# + JSON.quote($0.reason) + #","message":"# + JSON.quote($0.message)
                                    + #","field":"# + JSON.quote($0.field) + "}"
                            }.joined(separator: ",") + "]")
                }
            }
            if let retryAfterSeconds { fields.append(#""retryAfterSeconds":\#(retryAfterSeconds)"#) }
            out += #","details":{"# + fields.joined(separator: ",") + "}"
        }
        out += #","code":\#(code)}"#
        return Array(out.utf8)
    }
}

extension String {
    /// `self` with `prefix` replaced, when it starts with it.
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
