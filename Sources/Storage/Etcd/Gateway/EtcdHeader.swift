/// The header every etcd response carries.
struct EtcdHeader: Sendable {
    var clusterID: UInt64
    var memberID: UInt64
    /// The store's revision when the request was served.
    var revision: Int64
    var raftTerm: UInt64

    init(_ json: GatewayJSON?) {
        clusterID = json?["cluster_id"]?.uint64 ?? 0
        memberID = json?["member_id"]?.uint64 ?? 0
        revision = json?.int64("revision") ?? 0
        raftTerm = json?["raft_term"]?.uint64 ?? 0
    }
}
