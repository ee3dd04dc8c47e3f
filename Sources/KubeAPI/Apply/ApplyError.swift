/// Why an apply was refused, with the status, reason and message kube-apiserver answers with.
public struct ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400 a configuration that is not of the kind or carries managedFields, 409 conflicts, 500 what kube
    /// does not classify (a configuration its schema cannot type; unreadable managedFields).
    public var code: Int
    /// The Status reason; empty where kube sends none (its unclassified 500s).
    public var reason: String
    public var message: String
    /// `details.causes`: one per conflicting field.
    public var causes: [Cause] = []

    public struct Cause: Sendable, Equatable {
        public let reason: String
        public let message: String
        public let field: String
    }

    public var description: String { message }

    static func badRequest(_ message: String) -> ApplyError {
        ApplyError(code: 400, reason: "BadRequest", message: message)
    }

    static func unclassified(_ message: String) -> ApplyError { ApplyError(code: 500, reason: "", message: message) }

    /// errors.NewApplyConflict.
    static func conflict(_ conflicts: ApplyConflicts) -> ApplyError {
        ApplyError(
            code: 409, reason: "Conflict", message: conflicts.message,
            causes: conflicts.causes.map { Cause(reason: $0.reason, message: $0.message, field: $0.field) })
    }
}
