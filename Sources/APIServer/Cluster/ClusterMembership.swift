import Glibc
import HTTP
import Storage
import Synchronization

/// What a master on etcd shares with the others besides the objects: its place among the masters (its
/// identity lease, and the list of all of them) and, with a secure port, the token table and the policy,
/// kept in etcd by an `EtcdCredentialBackend` and followed, so a rotation or a reload on any master is in
/// force on every one. Nil for a master on SQLite: it is alone.
public final class ClusterMembership: Sendable {
    public let registry: MasterRegistry
    public let credentials: EtcdCredentialBackend?
    /// Lines for the operator at startup (where the credentials come from).
    public let report: [String]
    /// The identity as kube's Lease object in kube-system, renewed from the first announcement on.
    private let lease: IdentityLeaseMirror?
    private let leaseStarted = Mutex(false)

    private init(registry: MasterRegistry, credentials: EtcdCredentialBackend?, report: [String], store: any Store) {
        self.registry = registry
        self.credentials = credentials
        self.report = report
        lease = IdentityLeaseMirror(store: store, registry: registry)
    }

    static func join(store: any Store, config: ServerConfig, security: SecureSetup?) throws(StartupError)
        -> ClusterMembership?
    {
        guard let etcd = store as? EtcdStore else { return nil }
        let hostname = HostName.current
        let dataDir = LocalFiles.absolutePath(config.dataDir)
        let name = MasterIdentity.leaseName(hostname: hostname, dataDir: dataDir)
        let ttl = max(
            1,
            config.identityLeaseDuration.components.seconds
                + (config.identityLeaseDuration.components.attoseconds > 0 ? 1 : 0))
        let identity = MasterIdentity(
            name: name, holderIdentity: name + "_" + RandomBytes.uuid(), hostname: hostname, dataDir: dataDir,
            pid: getpid(), version: VersionInfo.gitVersion, startedAt: wallClockNanoseconds(),
            leaseDurationSeconds: ttl, consoleSocket: config.resolvedConsoleSocket ?? "")
        let registry = MasterRegistry(
            keyspace: etcd.keyspace(prefix: ClusterKeys.masters(etcdPrefix: config.etcdPrefix)), identity: identity)
        do { try registry.follow() } catch { throw StartupError("cannot follow the masters in etcd: \(error)") }
        guard let security else {
            return ClusterMembership(registry: registry, credentials: nil, report: [], store: store)
        }

        let backend = EtcdCredentialBackend(
            keyspace: etcd.keyspace(prefix: ClusterKeys.credentials(etcdPrefix: config.etcdPrefix)), master: name)
        var report: [String] = []
        do throws(CredentialBackendError) {
            let tokens = security.tokens
            if let tokens {
                try tokens.share(through: backend)
                report.append("tokens: \(backend.location), \(tokens.users().count) tokens in force")
                let stale = tokens.fileTokensNotInForce()
                if stale > 0 {
                    report.append(
                        "tokens: \(stale) of the tokens in \(tokens.path) are not in force (the cluster's table has other tokens for those users: rotated on another master, or seeded from another token file)"
                    )
                }
            }
            let policy = security.policy
            try policy.share(through: backend, source: "\(hostname):\(policy.path ?? "")")
            if policy.mode == .abac {
                report.append(
                    "policy: \(backend.location), \(policy.snapshot().rules.count) rules (from \(policy.snapshot().source ?? "?"))"
                )
            }
            try backend.follow(tokens: { tokens?.adopt($0) }, policy: { policy.adopt($0) })
        } catch {
            registry.leave()
            throw StartupError("cannot share the credentials through etcd: \(error)")
        }
        return ClusterMembership(registry: registry, credentials: backend, report: report, store: store)
    }

    /// The credentials backend of a command run beside the masters (`kube-console token rotate` with the
    /// etcd flags): on a connection of its own, nil without `--etcd-servers`.
    public static func credentialBackend(for config: ServerConfig, actor: String) throws(StartupError)
        -> EtcdCredentialBackend?
    {
        guard !config.etcdServers.isEmpty else { return nil }
        do {
            let keyspace = try EtcdKeyspace.connect(
                StoreSetup.etcdOptions(config), prefix: ClusterKeys.credentials(etcdPrefix: config.etcdPrefix))
            return EtcdCredentialBackend(keyspace: keyspace, master: actor)
        } catch {
            throw StartupError(
                "cannot use etcd (--etcd-servers=\(config.etcdServers.joined(separator: ","))): \(error)")
        }
    }

    /// Tells the others this master is up, with the ports it serves.
    func announce(_ ports: [PortStatus]) {
        let listening = ports.filter { $0.state == .listening }.map { port in
            let host = port.host == "0.0.0.0" ? "127.0.0.1" : port.host == "::" ? "::1" : port.host
            let url =
                host.contains(":") ? "\(port.scheme)://[\(host)]:\(port.port)" : "\(port.scheme)://\(host):\(port.port)"
            return MasterIdentity.Port(name: port.kind.name, url: url)
        }
        // A failure is the lease keeper's to retry; `registry.problem` says why meanwhile.
        try? registry.announce(ports: listening)
        let start = leaseStarted.withLock { started in
            defer { started = true }
            return !started
        }
        if start { try? lease?.start() }
    }

    /// Leaves the others' list at once and stops following etcd.
    func leave() {
        if leaseStarted.withLock({ $0 }) { lease?.stop() }
        registry.leave()
        credentials?.stop()
    }
}
