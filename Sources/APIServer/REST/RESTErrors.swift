import Storage

/// kube-apiserver's Status errors, message for message (k8s.io/apimachinery/pkg/api/errors).
extension StatusError {
    /// `pods "x" not found`
    public static func notFound(_ resource: String, _ name: String, group: String = "") -> StatusError {
        StatusError(code: 404, reason: "NotFound", message: "\(qualified(resource, group)) \"\(name)\" not found",
                    details: (name, group, resource))
    }

    public static func alreadyExists(_ resource: String, _ name: String, group: String = "") -> StatusError {
        StatusError(code: 409, reason: "AlreadyExists", message: "\(qualified(resource, group)) \"\(name)\" already exists",
                    details: (name, group, resource))
    }

    public static func conflict(_ resource: String, _ name: String, _ why: String) -> StatusError {
        StatusError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(why)",
                    details: (name, "", resource))
    }

    public static let modifiedReason = "the object has been modified; please apply your changes to the latest version and try again"

    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }

    public static func unsupportedMediaType(_ contentType: String) -> StatusError {
        StatusError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
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

    static func qualified(_ resource: String, _ group: String) -> String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// A store refusal as the Status kube-apiserver would send.
    static func from(_ error: StoreError, resource: String) -> StatusError {
        switch error {
        case .notFound(let key): return .notFound(resource, key.name)
        case .alreadyExists(let key): return .alreadyExists(resource, key.name)
        case .conflict(let key, .revision): return .conflict(resource, key.name, modifiedReason)
        case .conflict(let key, .uid(let expected, let actual)):
            return .conflict(resource, key.name, "Precondition failed: UID in precondition: \(expected), UID in object meta: \(actual)")
        case .tooOldResourceVersion, .continueExpired: return .gone(error.description)
        case .tooLargeResourceVersion:
            return StatusError(code: 504, reason: "Timeout", message: error.description)
        case .invalid(let message): return .badRequest(message)
        case .closed, .storage: return .internalError(error.description)
        // kube's NewServiceUnavailable: the store (etcd) is lost for now; the client may retry.
        case .unavailable(let message): return StatusError(code: 503, reason: "ServiceUnavailable", message: message)
        }
    }
}

/// One `Invalid` (422) cause: field path, kube's cause type, message.
public struct FieldError: Sendable, Equatable {
    public enum Kind: String, Sendable { case required = "FieldValueRequired", invalid = "FieldValueInvalid", notSupported = "FieldValueNotSupported", forbidden = "FieldValueForbidden" }
    public var kind: Kind
    public var field: String
    public var detail: String
    public var value: String?

    /// kube's field error text: `metadata.name: Invalid value: "X": detail`.
    public var message: String {
        switch kind {
        case .required: return "\(field): Required value\(detail.isEmpty ? "" : ": \(detail)")"
        case .invalid: return "\(field): Invalid value: \"\(value ?? "")\": \(detail)"
        case .notSupported: return "\(field): Unsupported value: \"\(value ?? "")\": \(detail)"
        case .forbidden: return "\(field): Forbidden: \(detail)"
        }
    }
}

extension StatusError {
    /// `Pod "x" is invalid: [a, b]` with causes, as 422.
    public static func invalid(kind: String, name: String, group: String = "", _ errors: [FieldError]) -> StatusError {
        let list = errors.count == 1 ? errors[0].message : "[" + errors.map(\.message).joined(separator: ", ") + "]"
        var status = StatusError(code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(list)", details: (name, group, kind))
        status.causes = errors.map { (reason: $0.kind.rawValue, message: $0.message.replacingPrefix("\($0.field): ", with: ""), field: $0.field) }
        return status
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
