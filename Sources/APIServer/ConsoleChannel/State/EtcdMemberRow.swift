/// One `--etcd-servers` endpoint as the master sees it: reachable or not (and why), and the member's last
/// status (version, leader, revision, database size).
public struct EtcdMemberRow: Sendable, Equatable {
    public var url: String
    public var reachable: Bool
    public var isLeader: Bool
    /// Empty until the member answered a status probe.
    public var version: String
    public var revision: Int64
    public var dbSize: Int64
    public var lastError: String?

    public init(
        url: String, reachable: Bool, isLeader: Bool, version: String, revision: Int64, dbSize: Int64,
        lastError: String?
    ) {
        self.url = url
        self.reachable = reachable
        self.isLeader = isLeader
        self.version = version
        self.revision = revision
        self.dbSize = dbSize
        self.lastError = lastError
    }
}
