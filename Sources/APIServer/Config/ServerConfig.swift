import HTTP

/// Everything the server is started with; flags fill it (`Flags`), the defaults are the classic design's.
public struct ServerConfig: Sendable, Equatable {
    /// The localhost port's bind address (no authentication: anyone who reaches it is admin).
    public var address = "127.0.0.1"
    public var port = 8080
    public var readOnlyPort = 7080
    /// Bind address of the read-only and secure ports; nil: the first non-loopback interface.
    public var publicAddressOverride: String?
    public var apiRate: Double = 10
    public var apiBurst = 200
    public var apiRatePerClient: Double = 0
    public var apiBurstPerClient = 0
    public var accessLog = true
    public var ioLoops = HTTPServer.defaultLoopCount
    public var maxConnectionsPerPort = ConnectionLimits.defaultMaxConnections
    public var requestHeaderTimeout = ConnectionLimits.defaultHeaderReadTimeout
    public var idleTimeout = ConnectionLimits.defaultIdleTimeout
    public var writeTimeout = ConnectionLimits.defaultWriteTimeout
    /// How long SIGTERM waits for requests in flight before closing everything.
    public var shutdownTimeout: Duration = .seconds(10)
    public var maxHeaderBytes = HTTPLimits.defaultMaxHeaderBytes
    public var maxBodyBytes = HTTPLimits.defaultMaxBodyBytes

    public init() {}

    var httpLimits: HTTPLimits { HTTPLimits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes) }

    var connectionLimits: ConnectionLimits {
        ConnectionLimits(headerReadTimeout: requestHeaderTimeout, idleTimeout: idleTimeout, writeTimeout: writeTimeout,
                         maxConnections: maxConnectionsPerPort)
    }

    var rateLimits: RateLimiter.Settings {
        RateLimiter.Settings(rate: apiRate, burst: apiBurst, ratePerClient: apiRatePerClient, burstPerClient: apiBurstPerClient)
    }
}
