/// One member's answer to /v3/maintenance/status: its version, database size and what it believes about
/// the raft leader.
public struct EtcdMemberStatus: Sendable, Equatable {
    public var memberID: UInt64
    public var version: String
    /// Bytes the database file takes, and bytes in use within it (the rest is freed pages until a defrag).
    public var dbSize: Int64
    public var dbSizeInUse: Int64
    /// The member this one follows (itself when it is the leader); 0 without a leader.
    public var leader: UInt64
    public var raftTerm: UInt64
    public var raftIndex: UInt64
    /// The store's revision there.
    public var revision: Int64
    /// Errors the member reports about itself (an alarm such as NOSPACE), 3.4+.
    public var errors: [String]

    public var isLeader: Bool { leader != 0 && leader == memberID }

    init(_ json: GatewayJSON) {
        let header = EtcdHeader(json["header"])
        memberID = header.memberID
        revision = header.revision
        version = json["version"]?.string ?? ""
        dbSize = json.int64("dbSize")
        dbSizeInUse = json.int64("dbSizeInUse")
        leader = json["leader"]?.uint64 ?? 0
        raftTerm = json["raftTerm"]?.uint64 ?? header.raftTerm
        raftIndex = json["raftIndex"]?.uint64 ?? 0
        errors = json["errors"]?.array.compactMap(\.string) ?? []
    }
}
