/// A range read (etcdserverpb.RangeRequest): the keys in [key, rangeEnd), or the one key when rangeEnd is
/// empty, at `revision` (0: the latest), at most `limit` (0: all).
struct EtcdRange: Sendable {
    var key: [UInt8]
    var rangeEnd: [UInt8] = []
    var limit: Int64 = 0
    var revision: Int64 = 0
    var keysOnly = false
    var countOnly = false

    var json: GatewayJSON {
        var fields: [String: GatewayJSON] = ["key": .bytes(key)]
        if !rangeEnd.isEmpty { fields["range_end"] = .bytes(rangeEnd) }
        if limit > 0 { fields["limit"] = .int(limit) }
        if revision > 0 { fields["revision"] = .int(revision) }
        if keysOnly { fields["keys_only"] = .bool(true) }
        if countOnly { fields["count_only"] = .bool(true) }
        return .object(fields)
    }

    /// The end of the range holding every key that starts with `prefix` (etcd's prefix convention: the
    /// prefix with its last byte incremented, dropping trailing 0xFF bytes).
    static func prefixEnd(_ prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]  // every key
    }
}
