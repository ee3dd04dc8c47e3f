import Storage

/// Opens the store the flags ask for: etcd with `--etcd-servers` (kube-apiserver's flags), else SQLite
/// in the data directory.
enum StoreSetup {
    static func open(_ config: ServerConfig, sqliteDirectory: String) throws(StartupError) -> any Store {
        guard !config.etcdServers.isEmpty else {
            do {
                try LocalFiles.createDirectory(sqliteDirectory, mode: 0o700)
                return try SQLiteStore(directory: sqliteDirectory)
            } catch {
                throw StartupError("cannot open the store in \(sqliteDirectory) (--data-dir): \(error)")
            }
        }
        do {
            return try EtcdStore(options: etcdOptions(config), codec: KubeObjectCodec())
        } catch {
            throw StartupError(
                "cannot use etcd (--etcd-servers=\(config.etcdServers.joined(separator: ","))): \(error)")
        }
    }

    /// The store options of kube-apiserver's etcd flags.
    static func etcdOptions(_ config: ServerConfig) -> EtcdStore.Options {
        EtcdStore.Options(
            endpoints: config.etcdServers, prefix: config.etcdPrefix, caFile: config.etcdCAFile,
            certFile: config.etcdCertFile, keyFile: config.etcdKeyFile,
            compactionInterval: config.etcdCompactionInterval)
    }

    /// /readyz's checks for the store: `etcd` while it is etcd.
    static func readinessChecks(_ store: any Store) -> [ReadyzRoute.Check] {
        guard store is EtcdStore else { return [] }
        return [ReadyzRoute.Check("etcd") { store.health.ready }]
    }
}
