import Synchronization

/// kube-apiserver's compactor (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go), so that of
/// several masters on one etcd only one compacts per interval: the key `compact_rev_key`'s version is a
/// logical clock. Each round, a master that still knows the current version bumps it (storing the revision
/// it saw a round ago) and compacts to that revision; the others fail the comparison, learn the version
/// and the revision compacted, and try again next round. So etcd keeps about one interval of history.
final class EtcdCompactor: Sendable {
    /// kube-apiserver's key, outside any prefix: masters with different prefixes on one etcd share it.
    static let key = Array("compact_rev_key".utf8)

    private struct State {
        /// The key's version this master believes current (0: the key does not exist yet).
        var expectedVersion: Int64 = 0
        /// etcd's revision at the previous round: the next compaction's target.
        var revision: Int64 = 0
    }

    private let client: EtcdClient
    /// Held for a whole round: the timer's rounds and `compactNow()` must not interleave.
    private let state = Mutex(State())

    init(client: EtcdClient) { self.client = client }

    /// One round; returns the revision through which history is now compacted (by this master or, as
    /// learned, by another), nil when nothing was compacted yet.
    func round() throws(EtcdClientError) -> Int64? {
        try state.withLock { s throws(EtcdClientError) -> Int64? in
            let answer = try client.txn(
                EtcdTxn(
                    compare: [.init(key: Self.key, target: .version, equals: s.expectedVersion)],
                    success: [.put(key: Self.key, value: Array(String(s.revision).utf8), lease: 0)],
                    failure: [.range(key: Self.key)]))
            let target = s.revision
            s.revision = answer.header.revision
            guard answer.succeeded else {
                guard let kv = answer.ranges.first?.first else { return nil }
                s.expectedVersion = kv.version
                return Int64(String(decoding: kv.value, as: UTF8.self)).flatMap { $0 > 0 ? $0 : nil }
            }
            s.expectedVersion += 1
            guard target > 0 else { return nil }  // kube does not compact on the first round
            do throws(EtcdClientError) {
                try client.compact(target)
            } catch .compacted {
                // Someone compacted further already: nothing to do.
            }
            return target
        }
    }
}
