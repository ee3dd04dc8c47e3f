import Storage
import Synchronization

/// The masters on one etcd, as each sees the others: every master keeps its `MasterIdentity` under a key
/// bound to its identity lease (renewed every third of `--identity-lease-duration`; a master that dies
/// or loses etcd for that long drops out by itself, one that stops revokes it at once) and follows the
/// keys of all of them.
public final class MasterRegistry: Sendable {
    private let keyspace: EtcdKeyspace
    private let ttlSeconds: Int64
    private let identity: Mutex<MasterIdentity>
    private let lease = Mutex<EtcdLeasedKey?>(nil)
    private let follower = Mutex<EtcdKeyspaceFollower?>(nil)
    private let live = Mutex<[MasterIdentity]>([])

    /// `keyspace`: the masters' prefix (`ClusterKeys.masters`).
    public init(keyspace: EtcdKeyspace, identity: MasterIdentity) {
        self.keyspace = keyspace
        self.identity = Mutex(identity)
        ttlSeconds = identity.leaseDurationSeconds
    }

    /// Starts following the others (from now on `masters` is current).
    public func follow() throws(StoreError) {
        let started = try keyspace.follow { [self] snapshot in record(snapshot) }
        record(started.snapshot)
        follower.withLock { $0 = started }
    }

    /// Announces this master (again, with its ports once they are bound): puts its identity under its lease.
    public func announce(ports: [MasterIdentity.Port]) throws(StoreError) {
        let me = identity.withLock { i in
            i.ports = ports
            return i
        }
        if let held = lease.withLock({ $0 }) {
            held.update(me.json)
        } else {
            let held = try keyspace.keepAlive(me.name, value: me.json, ttlSeconds: ttlSeconds)
            lease.withLock { $0 = held }
        }
    }

    /// Revokes the lease (the others see this master gone at once) and stops following.
    public func leave() {
        lease.withLock { $0.take() }?.stop()
        follower.withLock { $0.take() }?.stop()
    }

    /// Stops renewing without revoking and stops following: the others see this master go only when its
    /// lease runs out, as when the process is killed (for tests).
    func vanish() {
        lease.withLock { $0.take() }?.abandon()
        follower.withLock { $0.take() }?.stop()
    }

    /// Every live master, this one included once announced, by name.
    public var masters: [MasterIdentity] { live.withLock { $0 } }

    public var me: MasterIdentity { identity.withLock { $0 } }

    /// Why the lease cannot be renewed or the others cannot be followed, nil while all is well.
    public var problem: String? { lease.withLock { $0?.problem } ?? follower.withLock { $0?.problem } }

    private func record(_ snapshot: EtcdKeyspaceSnapshot) {
        let masters = snapshot.entries.values.compactMap { MasterIdentity(json: $0.value) }.sorted { $0.name < $1.name }
        live.withLock { $0 = masters }
    }
}
