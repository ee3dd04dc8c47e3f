import HTTP

extension EtcdStore {
    /// How to reach etcd and how the store behaves on it; the defaults are kube-apiserver's where it has one.
    public struct Options: Sendable {
        /// `--etcd-servers`: client URLs (http:// or https://) of etcd members.
        public var endpoints: [String]
        /// `--etcd-prefix`: where the objects live.
        public var prefix: String
        /// `--etcd-cafile`, `--etcd-certfile`, `--etcd-keyfile`: TLS to etcd (https endpoints).
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        /// `--etcd-compaction-interval`: kube's default 5 minutes; zero turns compaction off.
        public var compactionInterval: Duration
        /// Events kept in memory for watches to resume from (as the SQLite store's window).
        public var historyWindow: Int
        /// Transactions in flight at once (writer threads).
        public var maxConcurrentWrites: Int
        public var connectTimeout: Duration
        /// A request to etcd that takes longer fails (its endpoint is then left for another).
        public var requestTimeout: Duration
        /// How often a healthy endpoint is asked for its status.
        public var statusInterval: Duration
        /// How long an acknowledged write waits for the cache before completing anyway.
        public var cacheWaitTimeout: Duration

        public init(
            endpoints: [String], prefix: String = EtcdStore.defaultPrefix, caFile: String? = nil,
            certFile: String? = nil,
            keyFile: String? = nil, compactionInterval: Duration = EtcdStore.defaultCompactionInterval,
            historyWindow: Int = SQLiteStore.defaultHistoryWindow,
            maxConcurrentWrites: Int = EtcdStore.defaultMaxConcurrentWrites,
            connectTimeout: Duration = EtcdStore.defaultConnectTimeout,
            requestTimeout: Duration = EtcdStore.defaultRequestTimeout,
            statusInterval: Duration = EtcdStore.defaultStatusInterval,
            cacheWaitTimeout: Duration = EtcdStore.defaultCacheWaitTimeout
        ) {
            self.endpoints = endpoints
            self.prefix = prefix
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.compactionInterval = compactionInterval
            self.historyWindow = max(1, historyWindow)
            self.maxConcurrentWrites = max(1, maxConcurrentWrites)
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.statusInterval = statusInterval
            self.cacheWaitTimeout = cacheWaitTimeout
        }
    }

    /// kube-apiserver's `--etcd-prefix` default.
    public static let defaultPrefix = "/registry"
    /// kube-apiserver's `--etcd-compaction-interval` default (storagebackend.DefaultCompactInterval).
    public static let defaultCompactionInterval: Duration = .seconds(300)
    /// As many transactions in flight as the benchmark's 64 clients: etcd batches concurrent ones into
    /// one raft entry and one fsync, so fewer would leave its throughput unused.
    public static let defaultMaxConcurrentWrites = 64
    public static let defaultConnectTimeout: Duration = .seconds(2)
    public static let defaultRequestTimeout: Duration = .seconds(10)
    public static let defaultStatusInterval: Duration = .seconds(5)
    public static let defaultCacheWaitTimeout: Duration = .seconds(5)
    /// etcd's default client port, for an endpoint URL without one.
    public static let defaultClientPort = 2379

    /// Parses one `--etcd-servers` URL (for the flag's own check).
    public static func validate(endpoint url: String) throws(StoreError) {
        do throws(HTTPClientError) { _ = try HTTPOrigin(parsing: url, defaultPort: defaultClientPort) } catch {
            throw .invalid(error.message)
        }
    }
}
