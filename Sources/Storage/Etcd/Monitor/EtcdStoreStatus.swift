/// The etcd store as the console shows it: each endpoint's reachability and member status, the leader,
/// the revisions, the database size and the feed's state. A value, taken at one moment.
public struct EtcdStoreStatus: Sendable, Equatable {
    public struct Endpoint: Sendable, Equatable {
        public var url: String
        public var reachable: Bool
        /// The last failure's cause (kept after recovery, for the operator).
        public var lastError: String?
        /// The member's last status answer; nil until one arrived.
        public var member: EtcdMemberStatus?
    }

    public var endpoints: [Endpoint]
    public var prefix: String
    /// The leader's member ID as the reachable members report it; nil without one.
    public var leader: UInt64?
    /// etcd's revision (the highest any member reported).
    public var revision: Int64
    /// The cache's revision: the newest change under the prefix the cache holds.
    public var cacheRevision: Int64
    /// History at or before this revision is compacted away (0: none seen).
    public var compactedRevision: Int64
    /// The database size the leader (or any member) reports, bytes.
    public var dbSize: Int64?
    public var objects: Int
    /// The feed's watch is open.
    public var watching: Bool
    /// The feed's last problem (reconnecting, re-listing), nil while all is well.
    public var feedProblem: String?
    public var writes: Int
    public var failedWrites: Int
    public var lists: Int
    public var watches: Int
    public var undecodable: Int
    public var compactions: Int
    public var watchers: Int
    /// Watchers closed for falling too far behind (or when the feed had to start over).
    public var watchersCutOff: Int
}
