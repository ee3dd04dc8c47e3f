/// Every key of a keyspace at one revision.
public struct EtcdKeyspaceSnapshot: Sendable, Equatable {
    public var entries: [String: EtcdEntry]
    /// etcd's revision the snapshot is complete at.
    public var revision: Int64

    public init(entries: [String: EtcdEntry] = [:], revision: Int64 = 0) {
        self.entries = entries
        self.revision = revision
    }
}
