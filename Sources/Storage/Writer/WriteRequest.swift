/// Called once per write, on the writer thread, after the write's transaction is durable (or with the
/// reason it was refused). Keep it short: hand the result to your own thread or loop. Never call a
/// blocking store method from it (the writer would wait for itself); the async forms are fine.
public typealias WriteCompletion = @Sendable (Result<StoredObject, StoreError>) -> Void

/// One queued write, waiting for the writer's next group commit.
struct WriteRequest: Sendable {
    enum Kind: Sendable {
        case create(uid: String, ObjectDraft)
        case update(ObjectDraft, Preconditions)
        case delete(Preconditions, TombstoneEncoder?)
    }

    let key: ObjectKey
    let kind: Kind
    let completion: WriteCompletion

    /// Checks the write against `current` (the object as of every earlier write in the group) and, if it
    /// holds, makes the event it becomes at `revision`.
    func plan(current: StoredObject?, revision: Int64) -> Result<StoreEvent, StoreError> {
        switch kind {
        case .create(let uid, let draft):
            if current != nil { return .failure(.alreadyExists(key)) }
            let object = StoredObject(
                key: key, uid: uid, labels: draft.labels, fields: draft.fields, value: draft.encode(revision),
                createRevision: revision, modRevision: revision)
            return .success(StoreEvent(kind: .added, object: object, previous: nil))
        case .update(let draft, let preconditions):
            guard let current else { return .failure(.notFound(key)) }
            if let refused = preconditions.check(current) { return .failure(refused) }
            // uid and creation are immutable: they come from the stored object, not the draft.
            let object = StoredObject(
                key: key, uid: current.uid, labels: draft.labels, fields: draft.fields, value: draft.encode(revision),
                createRevision: current.createRevision, modRevision: revision)
            return .success(StoreEvent(kind: .modified, object: object, previous: current))
        case .delete(let preconditions, let tombstone):
            guard let current else { return .failure(.notFound(key)) }
            if let refused = preconditions.check(current) { return .failure(refused) }
            let object = StoredObject(
                key: key, uid: current.uid, labels: current.labels, fields: current.fields,
                value: tombstone?(current, revision) ?? current.value,
                createRevision: current.createRevision, modRevision: revision)
            return .success(StoreEvent(kind: .deleted, object: object, previous: current))
        }
    }
}
