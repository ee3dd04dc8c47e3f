import Glibc
import HTTP
import Storage

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
    /// Nil: derived from the descriptor limit (`ConnectionBudget`).
    public var maxConnectionsPerPort: Int?
    /// Open connections per client address on the read-only and secure ports; nil: derived, 0: no cap.
    public var maxConnectionsPerClient: Int?
    /// The secure port's in-flight limits, kube-apiserver's defaults (0: no limit). Watches do not count.
    /// `--audit-log-path`: a file, or "-" for stdout; nil: no audit log.
    public var auditLogPath: String?
    /// Megabytes before the audit log is rotated (0: 100, as kube-apiserver).
    public var auditLogMaxSize = 0
    /// Rotated audit logs kept (0: all) and their longest age in days (0: any).
    public var auditLogMaxBackup = 0
    public var auditLogMaxAge = 0
    /// audit.k8s.io/v1 Policy (YAML or JSON); nil: every request at level Metadata.
    public var auditPolicyFile: String?
    public var maxRequestsInflight = 400
    public var maxMutatingRequestsInflight = 200
    public var requestHeaderTimeout = ConnectionLimits.defaultHeaderReadTimeout
    public var idleTimeout = ConnectionLimits.defaultIdleTimeout
    public var writeTimeout = ConnectionLimits.defaultWriteTimeout
    /// How long SIGTERM waits for requests in flight before closing everything.
    public var shutdownTimeout: Duration = .seconds(10)
    public var maxHeaderBytes = HTTPLimits.defaultMaxHeaderBytes
    public var maxBodyBytes = HTTPLimits.defaultMaxBodyBytes

    // The secure port.
    public var securePort = 443
    /// Where first-run credentials, the token file, the policy and admin.kubeconfig live.
    public var dataDir = ServerConfig.defaultDataDir
    /// Where generated certificates live; nil: `<data-dir>/pki`.
    public var certDir: String?
    public var tlsCertFile: String?
    public var tlsPrivateKeyFile: String?
    public var clientCAFile: String?
    public var tokenAuthFile: String?
    public var basicAuthFile: String?
    /// Nil: ABAC when a policy file is given or generated, else AlwaysAllow.
    public var authorizationMode: AuthorizationMode?
    public var authorizationPolicyFile: String?
    /// How long a rotated-out token keeps working.
    public var tokenRotationGrace: Duration = .zero
    /// The console channel's local socket; nil: `<data-dir>/console.sock`; empty: none.
    public var consoleSocket: String?
    /// Bytes an attached console may leave unread before it is cut off.
    public var consoleMaxUnread = ConsoleChannel.defaultMaxUnread

    // etcd, with kube-apiserver's flags: with `--etcd-servers` the store is etcd instead of SQLite.
    public var etcdServers: [String] = []
    public var etcdPrefix = EtcdStore.defaultPrefix
    public var etcdCAFile: String?
    public var etcdCertFile: String?
    public var etcdKeyFile: String?
    /// Zero: no compaction by this master.
    public var etcdCompactionInterval = EtcdStore.defaultCompactionInterval
    /// With etcd: how long this master stays listed among the masters after its last renewal.
    public var identityLeaseDuration = ServerConfig.defaultIdentityLeaseDuration

    // Service account tokens (see ServiceAccountKeys for the defaults).
    /// Extra verification keys (PEM public keys, private keys or certificates), each flag one file.
    public var serviceAccountKeyFiles: [String] = []
    /// The private key tokens are signed with; nil: `<cert-dir>/sa.key`, generated.
    public var serviceAccountSigningKeyFile: String?
    /// Token issuers: the first signs, all are accepted; empty: ServiceAccountKeys.defaultIssuer.
    public var serviceAccountIssuers: [String] = []
    /// The audiences the API accepts; empty: the issuers.
    public var apiAudiences: [String] = []
    /// Longest token lifetime a TokenRequest gets (longer requests are shortened, with a warning); 0: none.
    public var serviceAccountMaxTokenExpiration: Duration = .zero

    public init() {}

    /// kube-apiserver's identity leases last an hour; the masters here list each other live, so ~15 s.
    public static let defaultIdentityLeaseDuration: Duration = .seconds(15)

    public var resolvedCertDir: String { certDir ?? dataDir + "/pki" }

    /// The console socket's path, or nil when there is none.
    public var resolvedConsoleSocket: String? {
        guard let consoleSocket else { return dataDir + "/" + ConsoleWire.socketName }
        return consoleSocket.isEmpty ? nil : consoleSocket
    }

    /// /var/lib/kube-console for root, else the XDG data directory.
    public static var defaultDataDir: String {
        if getuid() == 0 { return "/var/lib/kube-console" }
        if let xdg = environmentValue("XDG_DATA_HOME"), !xdg.isEmpty { return xdg + "/kube-console" }
        return (environmentValue("HOME") ?? ".") + "/.local/share/kube-console"
    }

    var httpLimits: HTTPLimits { HTTPLimits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes) }

    func connectionLimits(_ budget: ConnectionBudget, perClientCap: Bool) -> ConnectionLimits {
        ConnectionLimits(
            headerReadTimeout: requestHeaderTimeout, idleTimeout: idleTimeout, writeTimeout: writeTimeout,
            maxConnections: budget.perPort, maxConnectionsPerClient: perClientCap ? budget.perClient : 0)
    }

    var rateLimits: RateLimiter.Settings {
        RateLimiter.Settings(
            rate: apiRate, burst: apiBurst, ratePerClient: apiRatePerClient, burstPerClient: apiBurstPerClient)
    }
}

/// `--authorization-mode`.
public enum AuthorizationMode: String, Sendable, CaseIterable {
    case alwaysAllow = "AlwaysAllow"
    case alwaysDeny = "AlwaysDeny"
    case abac = "ABAC"
}
