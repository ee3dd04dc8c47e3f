/// Keys of kube-console's own in etcd, under a prefix apart from the objects' (so never in the watch
/// cache): what several masters share besides the objects — the token table, the policy, who is up.
/// Read, written with compare-and-swap, followed as they change, and kept alive under a lease. Keys are
/// named relative to the prefix. Blocking calls: for the callers' own threads, never an I/O loop.
public final class EtcdKeyspace: Sendable {
    /// Without a trailing slash (`/kube-console/registry`).
    public let prefix: String
    let client: EtcdClient
    /// `prefix` and a slash: every key starts with it.
    let prefixBytes: [UInt8]
    /// Whether the client is this keyspace's own (closed with it) or a store's.
    private let ownsClient: Bool

    init(client: EtcdClient, prefix: String, ownsClient: Bool = false) {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        self.prefix = p
        self.client = client
        self.ownsClient = ownsClient
        prefixBytes = Array((p + "/").utf8)
    }

    /// A keyspace with a connection of its own (for a command that runs without a store).
    public static func connect(_ options: EtcdStore.Options, prefix: String) throws(StoreError) -> EtcdKeyspace {
        EtcdKeyspace(client: try EtcdClient(options: options), prefix: prefix, ownsClient: true)
    }

    /// Closes the connections of a keyspace made by `connect` (a store's keyspace leaves them to the store).
    public func close() {
        if ownsClient { client.closeIdleConnections() }
    }

    public func get(_ key: String) throws(StoreError) -> EtcdEntry? {
        do {
            return try client.range(EtcdRange(key: bytes(key))).kvs.first.flatMap(entry)
        } catch { throw error.storeError }
    }

    /// Every key under the prefix, at one revision.
    public func list() throws(StoreError) -> EtcdKeyspaceSnapshot {
        do {
            let result = try client.range(EtcdRange(key: prefixBytes, rangeEnd: EtcdRange.prefixEnd(prefixBytes)))
            return EtcdKeyspaceSnapshot(
                entries: Dictionary(result.kvs.compactMap(entry).map { ($0.key, $0) }, uniquingKeysWith: { $1 }),
                revision: result.header.revision)
        } catch { throw error.storeError }
    }

    /// Stores `value` if the key was last written at `expected` (0: if it does not exist). A request whose
    /// answer was lost is settled by reading the key back: written if it holds exactly our value.
    public func put(_ key: String, _ value: [UInt8], ifModRevision expected: Int64) throws(StoreError) -> EtcdPutOutcome
    {
        let k = bytes(key)
        let txn = EtcdTxn(
            compare: [.init(key: k, target: .mod, equals: expected)],
            success: [.put(key: k, value: value, lease: 0)], failure: [.range(key: k)])
        do throws(EtcdClientError) {
            let answer = try client.txn(txn)
            if answer.succeeded { return .written(revision: answer.header.revision) }
            return .moved(current: answer.ranges.first?.first.flatMap(entry))
        } catch .outcomeUnknown(let why) {
            let now = try get(key)
            if let now, now.value == value, now.modRevision != expected { return .written(revision: now.modRevision) }
            if (now?.modRevision ?? 0) == expected {
                throw .unavailable("etcd did not answer (nothing was written): \(why)")
            }
            return .moved(current: now)
        } catch { throw error.storeError }
    }

    public func delete(_ key: String) throws(StoreError) {
        do { _ = try client.txn(EtcdTxn(compare: [], success: [.delete(key: bytes(key))], failure: [])) } catch {
            throw error.storeError
        }
    }

    /// Follows every key under the prefix: `onChange` gets the whole keyspace after each change made by
    /// anyone (on the follower's thread, in etcd's order). The first snapshot is read before this returns
    /// (an unreachable etcd is an error here); `stop()` ends it.
    public func follow(onChange: @escaping @Sendable (EtcdKeyspaceSnapshot) -> Void) throws(StoreError)
        -> EtcdKeyspaceFollower
    {
        let follower = EtcdKeyspaceFollower(keyspace: self, start: try list(), onChange: onChange)
        try follower.start()
        return follower
    }

    /// Puts `key` under a lease of `ttlSeconds` renewed until `stop()`: if this process dies (or cannot
    /// reach etcd for that long), the key vanishes by itself. Unreachable now, etcd is tried again by the
    /// keeper's thread (only a thread that cannot start is an error).
    public func keepAlive(_ key: String, value: [UInt8], ttlSeconds: Int64) throws(StoreError) -> EtcdLeasedKey {
        let leased = EtcdLeasedKey(keyspace: self, key: bytes(key), value: value, ttlSeconds: ttlSeconds)
        try leased.start()
        return leased
    }

    // MARK: - Keys

    func bytes(_ key: String) -> [UInt8] { prefixBytes + Array(key.utf8) }

    /// The key relative to the prefix; nil for one outside it.
    func relative(_ key: [UInt8]) -> String? {
        guard key.count > prefixBytes.count, key.starts(with: prefixBytes) else { return nil }
        return String(decoding: key[prefixBytes.count...], as: UTF8.self)
    }

    func entry(_ kv: EtcdKeyValue) -> EtcdEntry? {
        relative(kv.key).map { EtcdEntry(key: $0, value: kv.value, modRevision: kv.modRevision, lease: kv.lease) }
    }
}
