import HTTP
import KubeAPI

/// What the audit log needs of one request, taken on the I/O loop as it is answered; the writer thread
/// turns it into an audit.k8s.io/v1 `Event` line. Two bodies may ride along, neither ever written: an
/// error's `Status` (its status, message, reason and details are, as kube copies them) and a create's or
/// update's object (only its metadata is read, to complete objectRef as kube does).
struct AuditRecord: Sendable {
    /// Set when two events share one id (a watch's ResponseStarted and ResponseComplete); else the writer draws one.
    var auditID: [UInt8]?
    var level: AuditLevel
    var stage: AuditStage
    var requestURI: String
    var verb: String
    /// Nil: the request was not authenticated (`"user":{}`).
    var user: UserInfo?
    var remoteIP: String
    var forwardedFor: String?
    var realIP: String?
    var userAgent: String?
    var objectRef: AuditObjectReference?
    var code: Int
    /// The answer, when it was a Status object (JSON).
    var statusBody: [UInt8]?
    /// The request's JSON object, for a create or an update.
    var requestObject: [UInt8]?
    /// Wall-clock nanoseconds.
    var received: Int64
    var stageTime: Int64
    /// The authorizer's answer, when one was asked (the secure port).
    var decision: AuthorizationDecision?
    /// More annotations, after the authorizer's (a console operation's, its outcome).
    var annotations: [(key: String, value: String)] = []
}
