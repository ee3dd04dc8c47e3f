/// Everything one console frame shows, as the master publishes it: taken in one go in process, or
/// assembled from the console channel's snapshot and deltas (`ConsoleReplica`) by an attached console.
/// Views read only this. The fields marked "console side" are the console's own: the master leaves them
/// empty.
public struct ConsoleData: Sendable, Equatable {
    public var version = ""
    public var uptimeSeconds: Int64 = 0
    public var dataDir = ""
    public var store = ""
    public var policySummary = ""
    public var warnings: [String] = []
    public var ports: [PortRow] = []
    public var totalRequests = 0
    public var totalByClass = [Int](repeating: 0, count: 5)
    /// Console side: requests per second, oldest first, one per second (rates are sampled on the
    /// console's clock, wherever the master is).
    public var rateHistory: [Double] = []
    public var recent: [RequestEvent] = []
    public var rateLimits: RateLimitSnapshot?
    public var authFailures: [AuthFailureEvent] = []
    public var authCounts: [AuthFailureCount] = []
    public var users: [UserRow] = []
    public var clientCA: CertificateRow?
    public var servingCertificate: CertificateRow?
    public var policy: PolicyStore.Snapshot?
    public var lastTokenReload: TokenReloadResult?
    /// Service accounts given tokens (TokenRequest), most recent first: counts and times, never tokens.
    public var serviceAccountTokens: [IssuedTokenLog.Entry] = []
    /// The descriptor limit and the connection limits derived from it (the startup line).
    public var connectionBudget = ""
    /// The secure port's in-flight limits; nil when it is disabled.
    public var inFlight: InFlightSnapshot?
    /// The audit log: where it goes and what became of its events; nil without one.
    public var auditPath: String?
    public var audit: AuditCounts?
    /// What the server said while running (descriptor shortages, an audit log falling behind), oldest first.
    public var messages: [ServerMessage] = []
    /// With etcd: every live master (from the identity leases), this one included; empty on SQLite.
    public var masters: [MasterRow] = []
    /// With etcd: each `--etcd-servers` endpoint and its member's last status.
    public var etcdMembers: [EtcdMemberRow] = []
    /// Wall-clock and monotonic nanoseconds when the frame was taken.
    public var now: Int64 = 0
    public var monotonicNow: Int64 = 0
    /// Console side: where the data comes from ("embedded", or "attached to HOST (pid N) …").
    public var attachment = "embedded"
    /// Console side: why an attached console has no fresh data (the master went away), while it retries.
    public var disconnected: String?
    /// Console side: request rows the master did not send (more than a frame carries) since attaching.
    public var skippedRequests = 0

    public init() {}
}
