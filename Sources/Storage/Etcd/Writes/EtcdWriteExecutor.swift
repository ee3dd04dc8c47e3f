import HTTP

/// Runs one write as kube-apiserver's etcd3 store does: a create is a transaction on the key not existing
/// (create_revision == 0); an update or delete is a transaction on the key's mod_revision still being the
/// one the preconditions were checked against, and when it moved, the current version comes back in the
/// same answer and the write is checked and tried again. The completion runs once etcd acknowledged
/// the write and the watch feed has put it in the cache (or with the refusal).
struct EtcdWriteExecutor: Sendable {
    /// Attempts of one update or delete whose base keeps moving under it (other writers on the key).
    static let maxAttempts = 16

    let client: EtcdClient
    let keys: EtcdKeys
    let codec: any StoredObjectCodec
    let cache: WatchCache
    let pending: PendingWrites
    let waiters: RevisionWaiters
    /// How long an acknowledged write waits for the cache before completing anyway.
    let cacheWaitTimeout: Duration
    let counters: EtcdStoreCounters

    func run(_ write: WriteRequest) {
        let result: Result<(PendingWrite, Int64, StoredObject?), StoreError>
        switch write.kind {
        case .create(let uid, let draft): result = create(write.key, uid: uid, draft)
        case .update(let draft, let preconditions):
            result = replace(write.key, preconditions, .put(bytes: codec.storageBytes(draft), uid: nil, draft: draft))
        case .delete(let preconditions, let tombstone): result = replace(write.key, preconditions, .delete(tombstone))
        }
        switch result {
        case .failure(let error):
            counters.failedWrites.add(1, ordering: .relaxed)
            write.completion(.failure(error))
        case .success(let (change, revision, base)):
            counters.writes.add(1, ordering: .relaxed)
            let pending = pending
            waiters.wait(for: revision, deadline: HTTPClientPool.deadline(after: cacheWaitTimeout)) {
                pending.remove(change)
                write.completion(.success(change.result(at: revision, replacing: base)))
            }
        }
    }

    private func create(_ key: ObjectKey, uid: String, _ draft: ObjectDraft) -> Result<
        (PendingWrite, Int64, StoredObject?), StoreError
    > {
        let etcdKey = keys.key(key)
        let bytes = codec.storageBytes(draft)
        let change = PendingWrite(key: key, change: .put(bytes: bytes, uid: uid, draft: draft))
        pending.add(change)
        do {
            let answer = try client.txn(
                EtcdTxn(
                    compare: [.init(key: etcdKey, target: .create, equals: 0)],
                    success: [.put(key: etcdKey, value: bytes, lease: 0)], failure: []))
            guard answer.succeeded else {
                pending.remove(change)
                return .failure(.alreadyExists(key))
            }
            return .success((change, answer.header.revision, nil))
        } catch {
            pending.remove(change)
            return .failure(error.storeError)
        }
    }

    /// An update (`.put`) or delete: checked against the cached version first, against etcd's when that
    /// turns out stale, as kube's GuaranteedUpdate and conditionalDelete do.
    private func replace(_ key: ObjectKey, _ preconditions: Preconditions, _ kind: PendingWrite.Change)
        -> Result<(PendingWrite, Int64, StoredObject?), StoreError>
    {
        let etcdKey = keys.key(key)
        let change = PendingWrite(key: key, change: kind)
        pending.add(change)
        var base = cache.get(key)
        var fresh = false
        do {
            for _ in 0..<Self.maxAttempts {
                if base == nil && !fresh {
                    base = try current(key)
                    fresh = true
                }
                guard let found = base else {
                    pending.remove(change)
                    return .failure(.notFound(key))
                }
                if let refused = preconditions.check(found) {
                    if fresh {
                        pending.remove(change)
                        return .failure(refused)
                    }
                    base = try current(key)  // the cache may be behind: judge by etcd's version
                    fresh = true
                    continue
                }
                let operation: EtcdTxn.Operation =
                    switch kind {
                    case .put(let bytes, _, _): .put(key: etcdKey, value: bytes, lease: 0)
                    case .delete: .delete(key: etcdKey)
                    }
                let answer = try client.txn(
                    EtcdTxn(
                        compare: [.init(key: etcdKey, target: .mod, equals: found.modRevision)],
                        success: [operation], failure: [.range(key: etcdKey)]))
                if answer.succeeded { return .success((change, answer.header.revision, found)) }
                base = answer.ranges.first?.first.flatMap { decode(key, $0) }
                fresh = true
                counters.staleRetries.add(1, ordering: .relaxed)
            }
            pending.remove(change)
            let last = base?.modRevision ?? 0
            return .failure(.conflict(key, .revision(expected: last, actual: last)))
        } catch {
            pending.remove(change)
            return .failure(error.storeError)
        }
    }

    /// The key's version in etcd now (a linearizable read), nil when absent.
    private func current(_ key: ObjectKey) throws(EtcdClientError) -> StoredObject? {
        try client.range(EtcdRange(key: keys.key(key))).kvs.first.flatMap { decode(key, $0) }
    }

    private func decode(_ key: ObjectKey, _ kv: EtcdKeyValue) -> StoredObject? {
        codec.decode(key, kv.value, createRevision: kv.createRevision, modRevision: kv.modRevision)
    }
}
