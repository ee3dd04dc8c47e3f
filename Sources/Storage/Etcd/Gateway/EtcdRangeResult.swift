/// What a range read answered: the key-values, the revision they were read at, whether more remain.
struct EtcdRangeResult: Sendable {
    var header: EtcdHeader
    var kvs: [EtcdKeyValue]
    /// More keys were in the range than the limit let through.
    var more: Bool
    var count: Int64

    init(_ json: GatewayJSON) {
        header = EtcdHeader(json["header"])
        kvs = json["kvs"]?.array.map(EtcdKeyValue.init) ?? []
        more = json["more"]?.bool ?? false
        count = json.int64("count")
    }
}
