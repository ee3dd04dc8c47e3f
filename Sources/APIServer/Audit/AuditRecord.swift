import HTTP
import KubeAPI

/// What the audit log needs of one request, taken on the I/O loop as it is answered; the writer thread
/// turns it into an audit.k8s.io/v1 `Event` line. Two bodies may ride along, neither ever written: an
/// error's `Status` (its status, message, reason and details are, as kube copies them) and a create's or
/// update's object (only its metadata is read, to complete objectRef as kube does). Small on purpose:
/// the loop copies it into a queue and the writer destroys it, and what was asked and by whom is one
/// reference (`AuditRequest`), not a dozen fields each retained and released.
struct AuditRecord: Sendable {
    /// Set when two events share one id (a watch's ResponseStarted and ResponseComplete); else the writer draws one.
    var auditID: [UInt8]?
    var level: AuditLevel
    var stage: AuditStage
    var request: AuditRequest
    var code: Int
    /// The answer, when it was a Status object (JSON).
    var statusBody: [UInt8]?
    /// Wall-clock nanoseconds.
    var received: Int64
    var stageTime: Int64
    /// The authorizer's answer, when one was asked (the secure port).
    var decision: AuthorizationDecision?
    /// More annotations, after the authorizer's (a console operation's, its outcome).
    var annotations: [(key: String, value: String)] = []

    init(
        level: AuditLevel, stage: AuditStage, request: AuditRequest, code: Int, received: Int64, stageTime: Int64,
        decision: AuthorizationDecision?
    ) {
        self.level = level
        self.stage = stage
        self.request = request
        self.code = code
        self.received = received
        self.stageTime = stageTime
        self.decision = decision
    }

    /// A request with its particulars as fields, encoded by the writer.
    init(
        level: AuditLevel, stage: AuditStage, requestURI: String, verb: String, user: UserInfo?, remoteIP: String,
        forwardedFor: String? = nil, realIP: String? = nil, userAgent: String? = nil,
        objectRef: AuditObjectReference?, code: Int, received: Int64, stageTime: Int64,
        decision: AuthorizationDecision?
    ) {
        self.level = level
        self.stage = stage
        request = .fields(
            AuditRequestFields(
                requestURI: requestURI, verb: verb, user: user, remoteIP: remoteIP, forwardedFor: forwardedFor,
                realIP: realIP, userAgent: userAgent, objectRef: objectRef))
        self.code = code
        self.received = received
        self.stageTime = stageTime
        self.decision = decision
    }
}
