/// One answered (or refused) request.
public struct RequestEvent: Sendable, Equatable {
    /// Wall-clock nanoseconds since the epoch.
    public var time: Int64
    public var port: PortKind
    public var client: String
    public var method: String
    public var path: String
    public var status: Int
    public var latencyNanoseconds: Int64
    public var bytes: Int
    public var user: String?

    public init(
        time: Int64, port: PortKind, client: String, method: String, path: String, status: Int,
        latencyNanoseconds: Int64, bytes: Int, user: String?
    ) {
        self.time = time
        self.port = port
        self.client = client
        self.method = method
        self.path = path
        self.status = status
        self.latencyNanoseconds = latencyNanoseconds
        self.bytes = bytes
        self.user = user
    }
}

/// Why a request was refused by authentication or authorization (filled by the secure port).
public enum AuthFailureReason: String, Sendable, CaseIterable, Hashable {
    case noCredentials = "no credentials"
    case unknownToken = "unknown token"
    case revokedToken = "revoked token"
    /// Signed by this server but no longer good: expired, its service account deleted, a bad signature.
    case serviceAccountToken = "refused service account token"
    case badPassword = "bad password"
    case untrustedCertificate = "untrusted certificate"
    case expiredCertificate = "expired certificate"
    case malformedHeader = "malformed header"
    case forbidden = "forbidden"
}

public struct AuthFailureEvent: Sendable, Equatable {
    public var time: Int64
    public var port: PortKind
    public var client: String
    public var reason: AuthFailureReason
    /// The user when known, else the credential's fingerprint, else "-".
    public var subject: String
    public var path: String

    public init(time: Int64, port: PortKind, client: String, reason: AuthFailureReason, subject: String, path: String) {
        self.time = time
        self.port = port
        self.client = client
        self.reason = reason
        self.subject = subject
        self.path = path
    }
}
