/// The particulars of an audited request that the writer encodes as `requestURI` to `objectRef`.
struct AuditRequestFields: Sendable {
    var requestURI = ""
    var verb = ""
    /// Nil: the request was not authenticated (`"user":{}`).
    var user: UserInfo?
    var remoteIP = ""
    var forwardedFor: String?
    var realIP: String?
    var userAgent: String?
    var objectRef: AuditObjectReference?
    /// The request's JSON object, for a create or an update.
    var requestObject: [UInt8]?
}
