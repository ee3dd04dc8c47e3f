import Synchronization

/// A write of this process sent to etcd and not yet completed. The watch feed recognizes the event it
/// becomes (same key; for a put, the same bytes) and builds the cached object from the draft, so the
/// cache, the watchers and the caller all get the draft's bytes and metadata without decoding anything.
final class PendingWrite: Sendable {
    enum Change: Sendable {
        /// `uid` for a create; an update keeps the previous version's.
        case put(bytes: [UInt8], uid: String?, draft: ObjectDraft)
        case delete(TombstoneEncoder?)
    }

    let key: ObjectKey
    let change: Change
    /// The version the feed built from this write (at the revision of the event it matched).
    private let built = Mutex<StoredObject?>(nil)

    init(key: ObjectKey, change: Change) {
        self.key = key
        self.change = change
    }

    var object: StoredObject? { built.withLock { $0 } }

    /// Records the version built for an event; false if one was already built (that event was another's).
    func claim(_ object: StoredObject) -> Bool {
        built.withLock { built in
            guard built == nil else { return false }
            built = object
            return true
        }
    }

    var isClaimed: Bool { built.withLock { $0 != nil } }

    /// The version this write made at `revision`: the one the feed built, or (when the feed never saw
    /// the event, after a re-list) one built here from the draft and the version it replaced.
    func result(at revision: Int64, replacing base: StoredObject?) -> StoredObject {
        if let object, object.modRevision == revision { return object }
        switch change {
        case .put(_, let uid, let draft):
            return StoredObject(
                key: key, uid: uid ?? base?.uid ?? "", labels: draft.labels, fields: draft.fields,
                value: draft.encode(revision),
                createRevision: uid != nil ? revision : base?.createRevision ?? revision, modRevision: revision)
        case .delete(let tombstone):
            guard let base else {
                return StoredObject(
                    key: key, uid: "", labels: [:], fields: [:], value: [], createRevision: revision,
                    modRevision: revision)
            }
            return StoredObject(
                key: key, uid: base.uid, labels: base.labels, fields: base.fields,
                value: tombstone?(base, revision) ?? base.value,
                createRevision: base.createRevision, modRevision: revision)
        }
    }
}
