extension EtcdStore {
    /// A keyspace on this store's connections to etcd, under `prefix` (which must lie outside the objects'
    /// prefix, or its keys would show up in the cache as objects).
    public func keyspace(prefix: String) -> EtcdKeyspace {
        EtcdKeyspace(client: client, prefix: prefix)
    }
}
