import Storage

/// kube-apiserver's etcd flags: with `--etcd-servers` the store is etcd instead of SQLite.
extension Flags {
    static let etcd: [FlagSpec] = [
        FlagSpec(
            name: "etcd-servers", kind: .string,
            help: "etcd client URLs, comma-separated: the store is etcd instead of SQLite in the data dir.",
            apply: { c, v throws(FlagError) in c.etcdServers = try etcdServers(v) },
            current: { $0.etcdServers.joined(separator: ",") }),
        FlagSpec(
            name: "etcd-prefix", kind: .string, help: "The prefix of every key in etcd.",
            apply: { c, v throws(FlagError) in c.etcdPrefix = try etcdPrefix(v) }, current: { $0.etcdPrefix }),
        path("etcd-cafile", "CA bundle that signs etcd's serving certificates (https endpoints).", \.etcdCAFile),
        path("etcd-certfile", "Client certificate (PEM) presented to etcd.", \.etcdCertFile),
        path("etcd-keyfile", "Private key (PEM) of --etcd-certfile.", \.etcdKeyFile),
        spec(
            "etcd-compaction-interval", .duration,
            "How often etcd's history is compacted, one master at a time (0s: never).",
            \.etcdCompactionInterval, allowZero: true),
        spec(
            "identity-lease-duration", .duration,
            "With etcd: a master that stops renewing its identity lease (renewed every third of this) drops out of the others' list after this.",
            \.identityLeaseDuration),
    ]

    /// `--etcd-prefix`: a path, not under kube-console's own keys (`ClusterKeys.root`).
    static func etcdPrefix(_ v: String) throws(FlagError) -> String {
        let prefix = try path("etcd-prefix", v)
        let root = ClusterKeys.root
        guard prefix != root && !prefix.hasPrefix(root + "/") else {
            throw .invalid(
                flag: "--etcd-prefix", value: v, why: "\(root) holds kube-console's own keys (credentials, masters)")
        }
        return prefix
    }

    /// `--etcd-servers`: URLs separated by commas, each http:// or https://host[:port].
    static func etcdServers(_ v: String) throws(FlagError) -> [String] {
        let urls = v.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        for url in urls {
            do throws(StoreError) { try EtcdStore.validate(endpoint: url) } catch {
                throw .invalid(flag: "--etcd-servers", value: v, why: error.description)
            }
        }
        return urls
    }
}
