/// Turns a batch of etcd watch events into the cache's events. A put this process wrote (recognized by
/// its bytes among the pending writes) becomes the draft's version; any other is decoded. A deletion's
/// object is the last version with a tombstone's bytes. Values that are not objects are treated as
/// absent: a put of one deletes what was there.
struct EtcdEventTranslator {
    let keys: EtcdKeys
    let codec: any StoredObjectCodec
    let pending: PendingWrites
    let cache: WatchCache
    let counters: EtcdStoreCounters

    func translate(_ batch: [EtcdWatchMessage.Event]) -> [StoreEvent] {
        var events: [StoreEvent] = []
        // Earlier events of the batch are not in the cache yet: later ones must see them as previous.
        var overlay: [ObjectKey: StoredObject?] = [:]
        for event in batch {
            guard let key = keys.objectKey(event.kv.key) else {
                counters.undecodable.add(1, ordering: .relaxed)
                continue
            }
            let previous: StoredObject? = overlay[key] ?? cache.get(key)
            let revision = event.kv.modRevision
            let object = event.deleted ? nil : put(key, event.kv, previous: previous)
            if let object {
                let kind: StoreEvent.Kind = event.kv.createRevision == revision ? .added : .modified
                events.append(StoreEvent(kind: kind, object: object, previous: previous))
                overlay[key] = .some(object)
            } else if let previous {
                events.append(StoreEvent(kind: .deleted, object: tombstone(previous, at: revision), previous: previous))
                overlay[key] = .some(nil)
            }
        }
        return events
    }

    private func put(_ key: ObjectKey, _ kv: EtcdKeyValue, previous: StoredObject?) -> StoredObject? {
        if let mine = pending.put(at: key, bytes: kv.value), case .put(_, let uid, let draft) = mine.change,
            let uid = kv.createRevision == kv.modRevision ? uid : previous?.uid
        {
            let object = StoredObject(
                key: key, uid: uid, labels: draft.labels, fields: draft.fields, value: draft.encode(kv.modRevision),
                createRevision: kv.createRevision, modRevision: kv.modRevision)
            _ = mine.claim(object)
            return object
        }
        guard let decoded = codec.decode(key, kv.value, createRevision: kv.createRevision, modRevision: kv.modRevision)
        else {
            counters.undecodable.add(1, ordering: .relaxed)
            return nil
        }
        return decoded
    }

    private func tombstone(_ previous: StoredObject, at revision: Int64) -> StoredObject {
        var value: [UInt8]
        if let mine = pending.delete(at: previous.key), case .delete(let encoder) = mine.change {
            value = encoder?(previous, revision) ?? previous.value
            let object = StoredObject(
                key: previous.key, uid: previous.uid, labels: previous.labels, fields: previous.fields, value: value,
                createRevision: previous.createRevision, modRevision: revision)
            _ = mine.claim(object)
            return object
        }
        value = codec.tombstone(previous, revision: revision)
        return StoredObject(
            key: previous.key, uid: previous.uid, labels: previous.labels, fields: previous.fields, value: value,
            createRevision: previous.createRevision, modRevision: revision)
    }
}
