/// Where kube-console keeps in etcd what masters share besides the objects: beside `--etcd-prefix`,
/// never under it (the watch cache takes every key under it for an object). With kube's default prefix:
///
///     /kube-console/registry/credentials/tokens    the token table (digests), JSON
///     /kube-console/registry/credentials/policy    the ABAC policy's text, JSON
///     /kube-console/registry/masters/<id>          each live master, bound to its identity lease
///
/// Masters on one etcd with different `--etcd-prefix` are different clusters: they share nothing.
public enum ClusterKeys {
    /// The root of kube-console's own keys; `--etcd-prefix` may not lie under it.
    public static let root = "/kube-console"

    public static func credentials(etcdPrefix: String) -> String { base(etcdPrefix) + "/credentials" }
    public static func masters(etcdPrefix: String) -> String { base(etcdPrefix) + "/masters" }

    /// The key of the token table and of the policy under `credentials`.
    static let tokens = "tokens", policy = "policy"

    private static func base(_ etcdPrefix: String) -> String {
        var prefix = etcdPrefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if !prefix.isEmpty && !prefix.hasPrefix("/") { prefix = "/" + prefix }
        return root + prefix
    }
}
