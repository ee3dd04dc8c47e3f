/// One port as the console shows it: where it listens, its gate and state, its counters.
public struct PortRow: Sendable, Equatable {
    public var kind: PortKind
    public var address: String
    public var scheme: String
    public var gate: String
    public var state: String
    /// Shown in red: failed, or the localhost port on a public address.
    public var isWarning: Bool
    public var openConnections: Int
    /// Console side: requests per second on the console's clock.
    public var requestsPerSecond: Double
    public var stats: PortStats
    /// Console side: requests per second, one a second, for the activity sparkline.
    public var history: [Double]

    public init(
        kind: PortKind, address: String, scheme: String, gate: String, state: String, isWarning: Bool,
        openConnections: Int, requestsPerSecond: Double, stats: PortStats, history: [Double]
    ) {
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
