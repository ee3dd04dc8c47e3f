import HTTP

/// What a console shows, taken from the running server: ports, counters, buckets, credentials (with
/// fingerprints), the policy, the store. The in-process console takes it whole every frame; the console
/// channel's publisher takes it without the logs and reads those incrementally (`Observatory.rows`).
public struct ConsoleSampler: Sendable {
    let server: APIServer

    public init(server: APIServer) { self.server = server }

    /// Everything but the request rates (the console's own); with `logs`, the recent requests and
    /// auth failures too.
    public func sample(logs: Bool) -> ConsoleData {
        let mono = monotonicNanoseconds()
        let snapshot = server.observatory.snapshot(now: mono, logs: logs)
        var data = ConsoleData()
        data.now = wallClockNanoseconds()
        data.monotonicNow = mono
        data.version = VersionInfo.gitVersion
        data.uptimeSeconds = (mono - server.startedAt) / 1_000_000_000
        data.dataDir = server.config.dataDir
        data.store = Self.storeLine(server)
        data.warnings = server.warnings
        data.totalRequests = snapshot.ports.reduce(0) { $0 + $1.requests }
        data.totalByClass = (0..<5).map { i in snapshot.ports.reduce(0) { $0 + $1.byClass[i] } }
        for status in server.ports {
            let stats = snapshot.stats(status.kind)
            let state: String
            var warning = false
            switch status.state {
            case .listening: state = "listening"
            case .disabled: state = "disabled"
            case .failed(let why): state = "failed: \(why)"; warning = true
            }
            if status.kind == .localhost && status.state == .listening && !IPAddress.isLoopback(status.host) {
                warning = true
            }
            data.ports.append(
                PortRow(
                    kind: status.kind, address: status.port == 0 ? "-" : "\(status.host):\(status.port)",
                    scheme: status.scheme, gate: status.kind.gateDescription, state: state, isWarning: warning,
                    openConnections: stats.openConnections, requestsPerSecond: 0, stats: stats, history: []))
        }
        data.recent = snapshot.recent
        data.rateLimits = snapshot.rateLimits
        data.authFailures = snapshot.authFailures
        data.authCounts = snapshot.authFailureCounts
        if let security = server.security {
            data.users = (security.tokens?.users() ?? []).map {
                UserRow(
                    user: $0.user, uid: $0.uid, groups: $0.groups, fingerprint: $0.fingerprint, rotatedAt: $0.rotatedAt,
                    source: "token")
            }
            data.clientCA = security.clientCA.map { CertificateRow(subject: $0.subject, notAfter: $0.notAfter) }
            data.servingCertificate = security.servingCertificate.map {
                CertificateRow(subject: $0.subject, notAfter: $0.notAfter)
            }
            let policy = security.policy.snapshot()
            data.policy = policy
            data.policySummary = policy.path.map { "\($0) (\(policy.rules.count) rules)" } ?? policy.mode.rawValue
        } else {
            data.policySummary = "secure port disabled"
        }
        data.lastTokenReload = server.lastTokenReload
        data.serviceAccountTokens = server.serviceAccounts?.issued.snapshot() ?? []
        data.connectionBudget = server.connectionBudget.summary
        data.inFlight = server.security == nil ? nil : snapshot.inFlight
        data.auditPath = server.auditLog?.settings.path
        data.audit = snapshot.audit
        data.messages = server.log.recentMessages
        return data
    }

    /// Which store, its revision, and its trouble when it has some (etcd unreachable: reads from the cache).
    static func storeLine(_ server: APIServer) -> String {
        let kind =
            server.config.etcdServers.isEmpty
            ? "sqlite \(server.storePath)"
            : "etcd \(server.config.etcdServers.joined(separator: ","))\(server.config.etcdPrefix)"
        let health = server.store.health
        let trouble = health.ready ? "" : ", not ready: \(health.detail ?? "no endpoint answers")"
        return "\(kind) (rev \(server.store.revision)\(trouble))"
    }
}
