/// What a transaction answered: whether the comparisons held, the revision, and the key-values of any
/// range operations that ran (in order).
struct EtcdTxnResult: Sendable {
    var succeeded: Bool
    var header: EtcdHeader
    var ranges: [[EtcdKeyValue]]

    init(_ json: GatewayJSON) {
        succeeded = json["succeeded"]?.bool ?? false  // left out when false
        header = EtcdHeader(json["header"])
        ranges =
            json["responses"]?.array.compactMap {
                $0["response_range"].map { r in r["kvs"]?.array.map(EtcdKeyValue.init) ?? [] }
            } ?? []
    }
}
