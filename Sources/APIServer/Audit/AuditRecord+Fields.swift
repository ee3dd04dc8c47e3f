import HTTP

/// The particulars one by one, as the slow path and the tests set them. Setting one on an encoded record
/// starts its fields afresh (empty).
extension AuditRecord {
    var fields: AuditRequestFields {
        get {
            if case .fields(let fields) = request { return fields }
            return AuditRequestFields()
        }
        set { request = .fields(newValue) }
    }

    var requestURI: String {
        get { fields.requestURI }
        set { fields.requestURI = newValue }
    }
    var verb: String {
        get { fields.verb }
        set { fields.verb = newValue }
    }
    var user: UserInfo? {
        get { fields.user }
        set { fields.user = newValue }
    }
    var remoteIP: String {
        get { fields.remoteIP }
        set { fields.remoteIP = newValue }
    }
    var forwardedFor: String? {
        get { fields.forwardedFor }
        set { fields.forwardedFor = newValue }
    }
    var realIP: String? {
        get { fields.realIP }
        set { fields.realIP = newValue }
    }
    var userAgent: String? {
        get { fields.userAgent }
        set { fields.userAgent = newValue }
    }
    var objectRef: AuditObjectReference? {
        get { fields.objectRef }
        set { fields.objectRef = newValue }
    }
    var requestObject: [UInt8]? {
        get { fields.requestObject }
        set { fields.requestObject = newValue }
    }
}
