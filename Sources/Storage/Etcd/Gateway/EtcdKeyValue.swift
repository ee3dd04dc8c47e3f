/// One key's version as etcd returns it (mvccpb.KeyValue).
struct EtcdKeyValue: Sendable {
    var key: [UInt8]
    var value: [UInt8]
    /// The revision of the key's creation (0: the key does not exist).
    var createRevision: Int64
    /// The revision of this version's write: the object's resourceVersion.
    var modRevision: Int64
    /// Writes since the creation, 1 for the first.
    var version: Int64
    var lease: Int64

    init(_ json: GatewayJSON) {
        key = json.bytes("key")
        value = json.bytes("value")
        createRevision = json.int64("create_revision")
        modRevision = json.int64("mod_revision")
        version = json.int64("version")
        lease = json.int64("lease")
    }
}
