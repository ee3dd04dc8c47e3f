/// Every bound the HTTP engine enforces, in one place. Ports may override them (flags feed `HTTPServer.Configuration`).
public struct HTTPLimits: Sendable, Equatable {
    /// Request line plus header fields, CRLFs included. Beyond: 431.
    public static let defaultMaxHeaderBytes = 64 * 1024
    /// Decoded request body. Beyond: 413 (kube-apiserver's limit is 3 MiB too).
    public static let defaultMaxBodyBytes = 3 * 1024 * 1024
    /// Header fields per request. Beyond: 431.
    public static let defaultMaxHeaderCount = 256
    /// Empty lines tolerated before a request line (RFC 9112 §2.2 asks servers to skip at least one).
    public static let maxLeadingEmptyLines = 8
    /// One chunk-size line, extensions included. Beyond: 400.
    public static let maxChunkLineBytes = 4 * 1024
    /// Hex digits in a chunk size (16 digits already exceed any body we accept).
    public static let maxChunkSizeDigits = 16

    public var maxHeaderBytes: Int
    public var maxBodyBytes: Int
    public var maxHeaderCount: Int

    public init(
        maxHeaderBytes: Int = HTTPLimits.defaultMaxHeaderBytes,
        maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes,
        maxHeaderCount: Int = HTTPLimits.defaultMaxHeaderCount
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }
}

/// Connection-level bounds: time and number. Durations are in nanoseconds on the loops' monotonic clock.
public struct ConnectionLimits: Sendable, Equatable {
    /// Time from a request's first byte to the end of its header. Beyond: 408 and close.
    public static let defaultHeaderReadTimeout: Duration = .seconds(10)
    /// An idle keep-alive connection (or a body that stops arriving) is closed after this.
    public static let defaultIdleTimeout: Duration = .seconds(90)
    /// A peer that stops reading a response we have queued is dropped after this.
    public static let defaultWriteTimeout: Duration = .seconds(30)
    /// Open connections per listening port; more are accepted and closed with 503. The API server lowers
    /// it when the descriptor limit could not hold that many (`ConnectionBudget`).
    public static let defaultMaxConnections = 10_000
    /// Open connections from one client address on one port; more are accepted and closed with 503.
    /// 0: no per-client cap. The API server derives its default from the per-port limit.
    public static let defaultMaxConnectionsPerClient = 1_000
    /// How long a listener stops accepting after `accept` ran out of descriptors (EMFILE/ENFILE), doubling
    /// while the shortage lasts up to `maxAcceptPause`, as nginx pauses for 100 ms to 1 s.
    public static let minAcceptPause: Duration = .milliseconds(100)
    public static let maxAcceptPause: Duration = .seconds(1)
    /// Queued response bytes beyond which a streaming response's client counts as too slow and is dropped.
    public static let defaultMaxStreamBacklog = 4 * 1024 * 1024
    /// Queued response bytes beyond which a connection stops reading further pipelined requests.
    public static let outboundHighWatermark = 256 * 1024
    /// A produced body (`HTTPBodyProducer`) is asked for more only while fewer response bytes than this
    /// wait to be sent: what a slow reader of a large LIST costs, plus at most one object.
    public static let bodyWatermark = 64 * 1024

    public var headerReadTimeout: Duration
    public var idleTimeout: Duration
    public var writeTimeout: Duration
    public var maxConnections: Int
    public var maxConnectionsPerClient: Int
    public var maxStreamBacklog: Int

    public init(
        headerReadTimeout: Duration = ConnectionLimits.defaultHeaderReadTimeout,
        idleTimeout: Duration = ConnectionLimits.defaultIdleTimeout,
        writeTimeout: Duration = ConnectionLimits.defaultWriteTimeout,
        maxConnections: Int = ConnectionLimits.defaultMaxConnections,
        maxConnectionsPerClient: Int = 0,
        maxStreamBacklog: Int = ConnectionLimits.defaultMaxStreamBacklog
    ) {
        self.headerReadTimeout = headerReadTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.maxStreamBacklog = maxStreamBacklog
    }
}

extension Duration {
    /// Whole nanoseconds, saturating; the loops keep time as Int64 nanoseconds.
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : ns &+ atto / 1_000_000_000
    }
}
