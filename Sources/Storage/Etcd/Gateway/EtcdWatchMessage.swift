/// One message of a watch stream (etcdserverpb.WatchResponse, inside the gateway's `{"result": ...}`).
/// The gateway writes one per line; the stream stays open after a cancellation, so the reader must end it.
struct EtcdWatchMessage: Sendable {
    struct Event: Sendable {
        var deleted: Bool
        /// For a deletion: only the key and the deletion's revision (as mod_revision).
        var kv: EtcdKeyValue
    }

    var header: EtcdHeader
    var watchID: Int64
    /// The answer to the create request.
    var created: Bool
    /// The watch ended (its start revision was compacted, or the server cancelled it).
    var canceled: Bool
    /// With `canceled`: the oldest revision still available.
    var compactRevision: Int64
    var cancelReason: String
    var events: [Event]

    init(_ json: GatewayJSON) {
        let result = json["result"] ?? json
        header = EtcdHeader(result["header"])
        watchID = result.int64("watch_id")
        created = result["created"]?.bool ?? false
        canceled = result["canceled"]?.bool ?? false
        compactRevision = result.int64("compact_revision")
        cancelReason = result["cancel_reason"]?.string ?? ""
        events =
            result["events"]?.array.map {
                Event(deleted: $0["type"]?.string == "DELETE", kv: EtcdKeyValue($0["kv"] ?? .object([:])))
            } ?? []
    }

    /// A watch create request for the keys in [key, rangeEnd) from `startRevision` on.
    static func create(key: [UInt8], rangeEnd: [UInt8], startRevision: Int64) -> GatewayJSON {
        .object([
            "create_request": .object([
                "key": .bytes(key), "range_end": .bytes(rangeEnd), "start_revision": .int(startRevision),
            ])
        ])
    }
}
