import HTTP
import KubeAPI
import Storage
import Synchronization
import Threads

/// The API server: its ports (each a filter chain over the shared routes), the Observatory, the rate
/// limiter. `start` binds what is enabled; `shutdown` stops gracefully.
public final class APIServer: Sendable {
    public let config: ServerConfig
    public let observatory: Observatory
    public let accessLog: AccessLog?
    /// `--audit-log-path`; nil when there is none.
    public let auditLog: AuditLog?
    public let rateLimiter: RateLimiter
    /// The secure port's --max-requests-inflight and --max-mutating-requests-inflight.
    public let inFlight: InFlightLimiter
    public let version: VersionInfo
    /// Where the read-only and secure ports bind.
    public let publicAddress: String
    /// Things the operator must know (a public localhost port, no public interface found).
    public let warnings: [String]
    /// TLS, authenticators and policy; nil when the secure port is disabled.
    public let security: SecureSetup?
    /// Service account tokens: issued, authenticated, discovered; nil when the secure port is disabled.
    public let serviceAccounts: ServiceAccountTokens?
    /// The durable object store (SQLite in the data directory, or etcd with --etcd-servers).
    public let store: any Store
    public let storePath: String
    /// The descriptor limit (raised to the hard limit at start) and the connection limits derived from it.
    public let connectionBudget: ConnectionBudget
    /// Messages for the operator while running (stderr for `serve`; the console redirects them).
    public let log = ServerLog()
    /// Monotonic nanoseconds when the server was made (its uptime's origin).
    public let startedAt = monotonicNanoseconds()
    /// With etcd: the masters, and the credentials shared with them; nil on SQLite.
    public let cluster: ClusterMembership?
    private let codecs: RESTCodecs
    /// The routes every port serves, behind its own gate (built once; each port's chain ends in them).
    private let routes: APIRouter
    let http: HTTPServer
    /// The console channel, once `startConsoleChannel` has opened it.
    public let consoleSlot = ConsoleChannelSlot()
    private let portStates = Mutex<[PortStatus]>([])
    private let tokenReload = Mutex<TokenReloadResult?>(nil)

    public init(config: ServerConfig, version: VersionInfo) throws(StartupError) {
        self.config = config
        self.version = version
        var warnings: [String] = []
        if !IPAddress.isLoopback(config.address) {
            warnings.append(
                "WARNING: the localhost port (--address=\(config.address)) is not on a loopback address: it has no authentication, so anyone who can reach \(config.address):\(config.port) is cluster admin"
            )
        }
        if let override = config.publicAddressOverride {
            publicAddress = override
        } else if let found = IPAddress.firstNonLoopback() {
            publicAddress = found
        } else {
            publicAddress = "127.0.0.1"
            warnings.append(
                "WARNING: no non-loopback interface found; the read-only and secure ports bind 127.0.0.1 (set --public-address-override)"
            )
        }
        self.warnings = warnings
        let enabledPorts = [config.port, config.readOnlyPort, config.securePort].filter { $0 != 0 }.count
        connectionBudget = ConnectionBudget.derive(
            descriptors: DescriptorLimit.raiseToHard(), ports: enabledPorts,
            perPort: config.maxConnectionsPerPort, perClient: config.maxConnectionsPerClient)
        security = config.securePort == 0 ? nil : try SecureSetup.prepare(config, publicAddress: publicAddress)
        storePath = config.dataDir + "/store"
        store = try StoreSetup.open(config, sqliteDirectory: storePath)
        do { cluster = try ClusterMembership.join(store: store, config: config, security: security) } catch {
            store.close()
            throw error
        }
        codecs = RESTCodecs.standard
        Self.ensureSystemNamespaces(store)
        DefaultServiceAccount.ensureAll(store)
        let secureAddress =
            publicAddress.contains(":")
            ? "[\(publicAddress)]:\(config.securePort)" : "\(publicAddress):\(config.securePort)"
        let store = store
        serviceAccounts = security.map {
            ServiceAccountTokens(keys: $0.serviceAccountKeys, store: store, externalAddress: secureAddress)
        }
        http = HTTPServer(loopCount: config.ioLoops)
        observatory = Observatory(shards: http.loops.count)
        accessLog = config.accessLog ? AccessLog(fd: 1, shards: http.loops.count) : nil
        auditLog = try Self.openAuditLog(config, shards: http.loops.count, log: log)
        observatory.attach(auditLog: auditLog)
        rateLimiter = RateLimiter(settings: config.rateLimits, now: monotonicNanoseconds())
        observatory.attach(rateLimiter: rateLimiter)
        inFlight = InFlightLimiter(readOnly: config.maxRequestsInflight, mutating: config.maxMutatingRequestsInflight)
        observatory.attach(inFlight: inFlight)
        routes = Self.routes(
            security: security, serviceAccounts: serviceAccounts, store: store, codecs: codecs, version: version,
            observatory: observatory)
    }

    /// The Kubernetes API, then the fixed routes (tests build them over a store of their own).
    static func routes(
        security: SecureSetup?, serviceAccounts: ServiceAccountTokens? = nil, store: any Store, codecs: RESTCodecs,
        version: VersionInfo, observatory: Observatory, watchSettings: WatchSettings = WatchSettings()
    ) -> APIRouter {
        let reviews = AccessReviews(
            authorizer: { port in port == .secure ? security?.policy.authorizer : nil },
            decodeProtobuf: codecs.decodeProtobuf)
        var credentials = security?.credentials
        credentials?.serviceAccounts = serviceAccounts?.authenticator
        let authentication = AuthenticationReviews(bearer: credentials?.bearer, decodeProtobuf: codecs.decodeProtobuf)
        let tokens = serviceAccounts.map {
            TokenRequests(store: store, tokens: $0, decodeProtobuf: codecs.decodeProtobuf)
        }
        return APIRouter(
            resources: ResourceHandler(store: store, codecs: codecs, watchSettings: watchSettings), reviews: reviews,
            authentication: authentication, tokens: tokens, documents: APIDocuments.response(for:),
            fallback: fixedRoutes(
                store: store, version: version, observatory: observatory, discovery: serviceAccounts?.discovery))
    }

    private static func fixedRoutes(
        store: any Store, version: VersionInfo, observatory: Observatory, discovery: OpenIDDiscovery?
    ) -> Router {
        Router(
            (discovery?.routes ?? [:]).merging([
                "/healthz": StaticRoute.ok,
                "/livez": StaticRoute.ok,
                "/readyz": ReadyzRoute(checks: StoreSetup.readinessChecks(store)),
                "/version": version.route,
                // kube-apiserver's go-restful route is "/version/" (it answers both); the OpenAPI-generated
                // clients (the official Python client's VersionApi) ask for that one.
                "/version/": version.route,
                "/metrics": MetricsRenderer.route(observatory),
            ]) { $1 })
    }

    /// The port's filters in front of the routes (tests run requests through it in-process).
    func chain(for port: PortKind) -> FilterChain {
        let observe = ObserveFilter(observatory: observatory, accessLog: accessLog)
        // The audit filter reads the user as the answer comes, so it can sit before authentication and
        // still record 401s (kube's failed-authentication audit) and authenticated users alike.
        var filters: [any APIFilter] = [observe]
        if let auditLog {
            let user =
                port == .localhost ? AuditFilter.localhostUser : port == .readOnly ? AuditFilter.readOnlyUser : nil
            filters.append(AuditFilter(log: auditLog, portUser: user))
        }
        switch port {
        case .localhost: break
        case .readOnly: filters += [ReadOnlyGate(), RateLimitFilter(limiter: rateLimiter)]
        case .secure:
            guard let security else { break }
            var credentials = security.credentials
            credentials.serviceAccounts = serviceAccounts?.authenticator
            filters += [
                AuthenticationFilter(credentials: credentials, observatory: observatory),
                MaxInFlightFilter(limiter: inFlight),
                AuthorizationFilter(policy: security.policy, observatory: observatory),
                ConsoleChannelSlotFilter(slot: consoleSlot),
            ]
        }
        return FilterChain(port: port, filters: filters, endpoint: routes, rejections: observe)
    }

    /// Binds every enabled port and starts the loops. A port that cannot bind is reported `failed` with the
    /// reason; the others serve regardless (the caller decides whether that is fatal).
    @discardableResult
    public func start() -> [PortStatus] {
        let plan: [(PortKind, String, Int, String)] = [
            (.localhost, config.address, config.port, "--port"),
            (.readOnly, publicAddress, config.readOnlyPort, "--read-only-port"),
            (.secure, publicAddress, config.securePort, "--secure-port"),
        ]
        var states: [PortStatus] = []
        let shortage = DescriptorShortageReport(log: log)
        for (kind, host, port, flag) in plan {
            guard port != 0 else {
                states.append(PortStatus(kind: kind, host: host, port: 0, flag: flag, state: .disabled))
                continue
            }
            do {
                // The localhost port has no per-client cap: every client there is this host.
                var listener = ListenerConfiguration(
                    name: kind.name, host: host, port: port, handler: chain(for: kind), limits: config.httpLimits,
                    connectionLimits: config.connectionLimits(connectionBudget, perClientCap: kind != .localhost),
                    transport: kind == .secure ? security?.tls : nil)
                listener.onDescriptorShortage = shortage.handler(for: "the \(kind.name) port")
                let bound = try http.bind(listener)
                observatory.attach(listener: bound, as: kind)
                states.append(PortStatus(kind: kind, host: host, port: bound.port, flag: flag, state: .listening))
            } catch {
                states.append(
                    PortStatus(
                        kind: kind, host: host, port: port, flag: flag, state: .failed(Self.explain(error, flag: flag)))
                )
            }
        }
        do throws(ThreadStartError) {
            try accessLog?.start()
            try auditLog?.start()
            try http.start()
        } catch {
            // Nothing serves without its threads: every bound port is reported failed, with the reason.
            for i in states.indices where states[i].state == .listening { states[i].state = .failed("\(error)") }
        }
        portStates.withLock { $0 = states }
        cluster?.announce(states)
        if states.contains(where: { $0.kind == .secure && $0.state == .listening }) { try? writeAdminKubeconfig() }
        return states
    }

    // MARK: - Live operations (thread-safe; the console's keys and SIGHUP call these)

    /// A fresh token for `user`, returned once; the old one is refused at once (or after
    /// `--token-rotation-grace`). The admin's rotation rewrites admin.kubeconfig.
    public func rotateToken(user: String) throws(LiveOperationError) -> String {
        guard let tokens = security?.tokens else { throw .noTokenFile }
        let token: String
        do { token = try tokens.rotateToken(user: user, grace: config.tokenRotationGrace) } catch {
            throw .rotationRefused(error)
        }
        if user == "admin" { try rewriteAdminKubeconfig(token: token) }
        return token
    }

    /// Fresh tokens for every user in the token file.
    public func rotateAllTokens() throws(LiveOperationError) -> [String: String] {
        guard let tokens = security?.tokens else { throw .noTokenFile }
        let fresh: [String: String]
        do { fresh = try tokens.rotateAll(grace: config.tokenRotationGrace) } catch { throw .rotationRefused(error) }
        if let admin = fresh["admin"] { try rewriteAdminKubeconfig(token: admin) }
        return fresh
    }

    private func rewriteAdminKubeconfig(token: String) throws(LiveOperationError) {
        do { try writeAdminKubeconfig(token: token) } catch { throw .kubeconfigNotWritten("\(error)") }
    }

    /// Rereads the token file; a broken file is refused (file and line) and the tokens in force stay.
    @discardableResult
    public func reloadTokens() -> TokenReloadResult {
        let result: TokenReloadResult
        if let tokens = security?.tokens {
            do {
                result = .loaded(users: try tokens.reload(grace: config.tokenRotationGrace))
                try? writeAdminKubeconfig()
            } catch {
                result = .refused("\(error)")
            }
        } else {
            result = .refused("no token file in use")
        }
        tokenReload.withLock { $0 = result }
        return result
    }

    /// Rereads the policy file; a broken file is refused (file and line) and the policy in force stays.
    @discardableResult
    public func reloadPolicy() -> PolicyStore.ReloadResult {
        security?.policy.reload() ?? .refused("the secure port is disabled")
    }

    public var lastTokenReload: TokenReloadResult? { tokenReload.withLock { $0 } }

    /// The secure port's URL as clients on this machine should use it.
    public var secureURL: String? {
        guard let secure = ports.first(where: { $0.kind == .secure && $0.state == .listening }) else { return nil }
        let host = secure.host == "0.0.0.0" ? "127.0.0.1" : secure.host == "::" ? "::1" : secure.host
        return host.contains(":") ? "https://[\(host)]:\(secure.port)" : "https://\(host):\(secure.port)"
    }

    /// admin.kubeconfig: the secure port's URL, the CA, the admin's current token (0600): the one just made,
    /// or the token file's if it is in force.
    func writeAdminKubeconfig(token fresh: String? = nil) throws {
        guard let security, let url = secureURL, let token = fresh ?? security.adminToken() else { return }
        try security.files.writeKubeconfig(server: url, token: token)
    }

    public var ports: [PortStatus] { portStates.withLock { $0 } }

    /// Stops accepting, waits up to `--shutdown-timeout` for requests in flight, flushes the access log.
    public func shutdown() {
        stopConsoleChannel()
        http.shutdown(gracePeriod: config.shutdownTimeout)
        cluster?.leave()
        store.close()
        accessLog?.stop()
        auditLog?.stop()
    }

    /// The audit log and its policy; a policy file that does not parse stops the start (file and line).
    static func openAuditLog(_ config: ServerConfig, shards: Int, log: ServerLog) throws(StartupError) -> AuditLog? {
        var policy = AuditPolicy.metadataForEverything
        if let file = config.auditPolicyFile {
            do { policy = try AuditPolicyFile.load(path: file) } catch {
                throw StartupError("audit policy refused (--audit-policy-file): \(error)")
            }
        }
        guard let path = config.auditLogPath else { return nil }
        let settings = AuditLog.Settings(
            path: path, maxSizeMegabytes: config.auditLogMaxSize, maxBackups: config.auditLogMaxBackup,
            maxAgeDays: config.auditLogMaxAge)
        do { return try AuditLog(settings: settings, policy: policy, shards: shards, log: log) } catch {
            throw StartupError("\(error) (--audit-log-path)")
        }
    }

    /// default, kube-system, kube-public and kube-node-lease exist from the start, as in kube-apiserver.
    static func ensureSystemNamespaces(_ store: any Store) {
        let resource = ResourceCatalog.core("namespaces")!
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"]
        where store.get(ObjectKey(resource: "namespaces", name: name)) == nil {
            var ns = JSONValue.object([
                ("kind", .string("Namespace")), ("apiVersion", .string("v1")),
                ("metadata", .object([("name", .string(name))])),
            ])
            ObjectRules.applyDecodeDefaults(&ns, resource: resource)
            ObjectRules.prepareForCreate(&ns, resource: resource)
            _ = try? store.create(
                ObjectKey(resource: "namespaces", name: name), uid: ns[["metadata", "uid"]]?.string ?? "",
                ResourceHandler.draft(ns, resource: resource))
        }
    }

    static func explain(_ error: any Error, flag: String) -> String {
        guard let e = error as? SocketError else { return "\(error)" }
        if e.isAddressInUse { return "address already in use (another process has it; choose another with \(flag))" }
        if e.needsPrivilege {
            return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose another with \(flag))"
        }
        if e.addressNotAvailable { return "address not available on this machine" }
        return e.description
    }
}

/// A port as the operator sees it.
public struct PortStatus: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case listening
        case disabled
        case failed(String)
    }

    public var kind: PortKind
    public var host: String
    public var port: Int
    /// The flag that sets the port number (for messages).
    public var flag: String
    public var state: State

    public var scheme: String { kind == .secure ? "https" : "http" }
    public var url: String { host.contains(":") ? "\(scheme)://[\(host)]:\(port)" : "\(scheme)://\(host):\(port)" }
}
