/// Reads every object under the prefix at one revision, a page at a time (each page at the first page's
/// revision, so the whole is one snapshot), for the cache to start or start over from.
struct EtcdLister {
    /// Keys per range request: bounds one answer's size (a page of pods is a few MB of base64).
    static let pageSize: Int64 = 500

    let client: EtcdClient
    let keys: EtcdKeys
    let codec: any StoredObjectCodec
    let counters: EtcdStoreCounters

    func list() throws(EtcdClientError) -> (objects: [StoredObject], revision: Int64) {
        var objects: [StoredObject] = []
        var revision: Int64 = 0
        var start = keys.rangeStart
        while true {
            let page = try client.range(
                EtcdRange(key: start, rangeEnd: keys.rangeEnd, limit: Self.pageSize, revision: revision))
            if revision == 0 { revision = page.header.revision }
            for kv in page.kvs {
                if let key = keys.objectKey(kv.key),
                    let object = codec.decode(
                        key, kv.value, createRevision: kv.createRevision, modRevision: kv.modRevision)
                {
                    objects.append(object)
                } else {
                    counters.undecodable.add(1, ordering: .relaxed)
                }
            }
            guard page.more, let last = page.kvs.last else { break }
            start = last.key + [0]  // the next key after the last one
        }
        counters.lists.add(1, ordering: .relaxed)
        return (objects, revision)
    }
}
