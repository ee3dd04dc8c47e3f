import APIServer

/// Everything one frame shows, taken from the server in one go. Views read only this.
public struct ConsoleData: Sendable {
    public var version = ""
    public var uptimeSeconds: Int64 = 0
    public var dataDir = ""
    public var store = ""
    public var policySummary = ""
    public var warnings: [String] = []
    public var ports: [PortRow] = []
    public var totalRequests = 0
    public var totalByClass = [Int](repeating: 0, count: 5)
    /// Requests per second, oldest first, one per second.
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
    /// Wall-clock and monotonic nanoseconds when the frame was taken.
    public var now: Int64 = 0
    public var monotonicNow: Int64 = 0

    public init() {}
}

public struct PortRow: Sendable, Equatable {
    public var kind: PortKind
    public var address: String
    public var scheme: String
    public var gate: String
    public var state: String
    /// Shown in red: failed, or the localhost port on a public address.
    public var isWarning: Bool
    public var openConnections: Int
    public var requestsPerSecond: Double
    public var stats: PortStats
    public var history: [Double]

    public init(kind: PortKind, address: String, scheme: String, gate: String, state: String, isWarning: Bool,
                openConnections: Int, requestsPerSecond: Double, stats: PortStats, history: [Double]) {
        self.kind = kind
        self.address = address
        self.scheme = scheme
        self.gate = gate
        self.state = state
        self.isWarning = isWarning
        self.openConnections = openConnections
        self.requestsPerSecond = requestsPerSecond
        self.stats = stats
        self.history = history
    }
}

public struct UserRow: Sendable, Equatable {
    public var user: String
    public var uid: String
    public var groups: [String]
    /// Token fingerprint, or "password" for basic-auth users.
    public var fingerprint: String
    /// Wall-clock nanoseconds of the last rotation (0: unknown).
    public var rotatedAt: Int64
    public var source: String

    public init(user: String, uid: String, groups: [String], fingerprint: String, rotatedAt: Int64, source: String) {
        self.user = user
        self.uid = uid
        self.groups = groups
        self.fingerprint = fingerprint
        self.rotatedAt = rotatedAt
        self.source = source
    }
}

public struct CertificateRow: Sendable, Equatable {
    public var subject: String
    /// Seconds since the epoch.
    public var notAfter: Int64
}

/// Requests per second from a counter sampled once a second, with a bounded history for sparklines.
public struct RateSampler: Sendable {
    public static let historyLength = 60
    private var lastTotal: Int?
    private var lastSecond: Int64 = 0
    public private(set) var history: [Double] = []

    public init() {}

    public var current: Double { history.last ?? 0 }

    /// Feeds the counter's value at `nanos` (monotonic); a sample is taken per whole second passed.
    public mutating func observe(total: Int, at nanos: Int64) {
        let second = nanos / 1_000_000_000
        guard let last = lastTotal else {
            lastTotal = total
            lastSecond = second
            return
        }
        guard second > lastSecond else { return }
        let elapsed = Double(second - lastSecond)
        let rate = Double(max(0, total - last)) / elapsed
        // Seconds with no sample (a stalled UI) repeat the average rather than read as zero.
        for _ in 0..<min(Int(second - lastSecond), Self.historyLength) { history.append(rate) }
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
        lastTotal = total
        lastSecond = second
    }
}
