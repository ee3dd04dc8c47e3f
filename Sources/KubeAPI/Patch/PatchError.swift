/// Why a patch could not be applied, with the HTTP status, reason and message kube-apiserver answers with
/// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
public struct PatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 400 unreadable patch, 413 too many operations, 415 unsupported type, 422 patch does not apply to this
    /// object, 500 a strategic-merge failure kube does not classify (it answers those as internal errors).
    public var code: Int
    /// The Status reason; empty where kube-apiserver sends none (its unclassified 500s).
    public var reason: String
    /// The Status message, worded as kube-apiserver words it.
    public var message: String
    /// What went wrong underneath. kube hides it for 422s behind a generic message; logs and tests want it.
    public var detail: String

    public var description: String { detail == message ? message : "\(message) (\(detail))" }

    /// The patch itself is malformed (400 BadRequest), as opposed to well-formed but not applicable.
    public var isInvalidPatch: Bool { code == 400 }

    init(code: Int, reason: String, message: String, detail: String? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.detail = detail ?? message
    }

    /// errors.NewBadRequest: the body cannot be read as a patch of this type.
    static func badRequest(_ message: String) -> PatchError {
        PatchError(code: 400, reason: "BadRequest", message: message)
    }

    /// errors.NewGenericServerResponse(422, ...): kube replaces the cause with a fixed sentence.
    static func unprocessable(_ detail: String) -> PatchError {
        PatchError(
            code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request",
            detail: detail)
    }

    /// A plain Go error reaching the handler becomes a 500 with no reason and the error text as message.
    static func unclassified(_ message: String) -> PatchError {
        PatchError(code: 500, reason: "", message: message)
    }

    /// negotiation.NewUnsupportedMediaTypeError, which kube answers for a patch type it does not serve.
    static func unsupportedMediaType(_ contentType: String) -> PatchError {
        let accepted = PatchType.supported.map(\.rawValue).joined(separator: ", ")
        return PatchError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: \(accepted)",
            detail: "\(contentType) is not supported")
    }

    /// errors.NewRequestEntityTooLargeError.
    static func tooLarge(_ message: String) -> PatchError {
        PatchError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: \(message)")
    }

    /// The REST layer's Status error for this failure.
    public var status: StatusError { StatusError(code: code, reason: reason, message: message) }
}
