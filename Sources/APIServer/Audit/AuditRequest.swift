/// What was asked and by whom, in an `AuditRecord`: as fields for the writer to encode, or already encoded
/// (`AuditEventEncoder.request`, the connection's memo). Either way one reference: the fields are boxed.
enum AuditRequest: Sendable {
    case encoded([UInt8])
    indirect case fields(AuditRequestFields)
}
