import Synchronization

/// This process's writes in flight, by key, for the watch feed to recognize.
final class PendingWrites: Sendable {
    private let byKey = Mutex<[ObjectKey: [PendingWrite]]>([:])

    func add(_ write: PendingWrite) {
        byKey.withLock { $0[write.key, default: []].append(write) }
    }

    func remove(_ write: PendingWrite) {
        byKey.withLock { byKey in
            guard var writes = byKey[write.key] else { return }
            writes.removeAll { $0 === write }
            byKey[write.key] = writes.isEmpty ? nil : writes
        }
    }

    /// An unclaimed put of exactly `bytes` at `key`: the write that event came from (or one that wrote the
    /// same bytes, which makes the same version).
    func put(at key: ObjectKey, bytes: [UInt8]) -> PendingWrite? {
        byKey.withLock { byKey in
            byKey[key]?.first { write in
                guard case .put(let mine, _, _) = write.change, !write.isClaimed else { return false }
                return mine == bytes
            }
        }
    }

    /// An unclaimed delete of `key`.
    func delete(at key: ObjectKey) -> PendingWrite? {
        byKey.withLock { byKey in
            byKey[key]?.first { write in
                guard case .delete = write.change else { return false }
                return !write.isClaimed
            }
        }
    }

    var count: Int { byKey.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
