/// A certificate the secure port uses (the client CA, the serving certificate): subject and expiry.
public struct CertificateRow: Sendable, Equatable {
    public var subject: String
    /// Seconds since the epoch.
    public var notAfter: Int64

    public init(subject: String, notAfter: Int64) {
        self.subject = subject
        self.notAfter = notAfter
    }
}
