import HTTP
import Storage

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
        if let cluster = server.cluster {
            let me = cluster.registry.me.name
            data.masters = cluster.registry.masters.map {
                MasterRow(
                    name: $0.name, host: $0.hostname, dataDir: $0.dataDir, pid: Int($0.pid), version: $0.version,
                    startedAt: $0.startedAt, ports: $0.ports.map { ($0.name, $0.url) }, consoleSocket: $0.consoleSocket,
                    isSelf: $0.name == me)
            }
        }
        if let etcd = server.store as? EtcdStore {
            data.etcdMembers = etcd.status.endpoints.map {
                EtcdMemberRow(
                    url: $0.url, reachable: $0.reachable, isLeader: $0.reachable && $0.member?.isLeader == true,
                    version: $0.member?.version ?? "", revision: $0.member?.revision ?? 0,
                    dbSize: $0.member?.dbSize ?? 0,
                    lastError: $0.reachable ? nil : $0.lastError)
            }
        }
        return data
    }

    /// Which store, its revision, and its trouble when it has some (etcd unreachable: reads from the cache).
    /// With etcd: how many members answer, the leader, etcd's revision, the database size, the prefix.
    static func storeLine(_ server: APIServer) -> String {
        if let etcd = server.store as? EtcdStore { return etcdLine(etcd.status, health: etcd.health) }
        let kind =
            server.config.etcdServers.isEmpty
            ? "sqlite \(server.storePath)"
            : "etcd \(server.config.etcdServers.joined(separator: ","))\(server.config.etcdPrefix)"
        let health = server.store.health
        let trouble = health.ready ? "" : ", not ready: \(health.detail ?? "no endpoint answers")"
        return "\(kind) (rev \(server.store.revision)\(trouble))"
    }

    static func etcdLine(_ status: EtcdStoreStatus, health: StoreHealth) -> String {
        let up = status.endpoints.filter(\.reachable).count
        let leader =
            status.endpoints.first { $0.reachable && $0.member?.isLeader == true }.map { Self.hostPort($0.url) }
            ?? "none"
        var line = "etcd \(up)/\(status.endpoints.count) up, leader \(leader), rev \(status.revision)"
        if let size = status.dbSize { line += ", db \(Self.megabytes(size))" }
        line += ", prefix \(status.prefix)"
        if !health.ready { line += ", not ready: \(health.detail ?? "no endpoint answers")" }
        return line
    }

    /// `http://127.0.0.1:2379` → `127.0.0.1:2379`.
    static func hostPort(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        return String(url[scheme.upperBound...])
    }

    /// Bytes as megabytes with one decimal (`2.1 MB`).
    static func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
