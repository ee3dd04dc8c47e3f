import Dispatch
import HTTP
import KubeAPI
import Storage
import Synchronization
import Threads

/// This master's identity as kube-apiserver publishes its own: a coordination.k8s.io/v1 Lease in
/// kube-system (`kubectl -n kube-system get leases -l apiserver.kubernetes.io/identity=kube-apiserver`),
/// renewed as often as the identity key in etcd, deleted when the master stops. Like kube's identity lease
/// garbage collector, it deletes identity Leases that expired (renewTime + leaseDurationSeconds past) of
/// masters no longer among the live ones (`MasterRegistry`, whose etcd keys are the record).
final class IdentityLeaseMirror: Sendable {
    static let label = "apiserver.kubernetes.io/identity"

    private let store: any Store
    private let registry: MasterRegistry
    private let resource: ResourceInfo
    private let interval: Duration
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let thread = Mutex<JoinableThread?>(nil)

    init?(store: any Store, registry: MasterRegistry) {
        guard
            let leases = ResourceCatalog.all.first(where: { $0.group == "coordination.k8s.io" && $0.name == "leases" })
        else { return nil }
        self.store = store
        self.registry = registry
        resource = leases
        interval = .seconds(max(1, registry.me.leaseDurationSeconds)) / 3
    }

    private var key: ObjectKey { ObjectKey(resource: resource.name, namespace: "kube-system", name: registry.me.name) }

    func start() throws(ThreadStartError) {
        let started = try JoinableThread { [self] in
            while !stopped.load(ordering: .acquiring) {
                renew()
                collectExpired()
                _ = wake.wait(
                    timeout: .now()
                        + .nanoseconds(
                            Int(
                                interval.components.seconds * 1_000_000_000 + interval.components.attoseconds
                                    / 1_000_000_000)))
            }
        }
        thread.withLock { $0 = started }
    }

    /// Stops renewing and deletes this master's Lease.
    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        thread.withLock { $0.take() }?.join()
        _ = try? store.delete(key, tombstone: ResourceHandler.tombstone)
    }

    /// Puts this master's Lease with a fresh renewTime (created the first time, its uid and creation kept
    /// afterwards). A failure (etcd away, a race with the collector of another master) waits for the next round.
    private func renew() {
        let me = registry.me
        var lease = me.leaseObject(renewTime: wallClockNanoseconds())
        if let current = store.get(key), let existing = try? JSONParser.parse(current.value) {
            var updated = existing
            updated.set("spec", lease["spec"])
            updated.set(path: ["metadata", "labels"], lease[["metadata", "labels"]])
            _ = try? store.update(
                key, ResourceHandler.draft(updated, resource: resource),
                preconditions: .init(revision: current.modRevision))
        } else {
            ObjectRules.prepareForCreate(&lease, resource: resource)
            _ = try? store.create(
                key, uid: lease[["metadata", "uid"]]?.string ?? "", ResourceHandler.draft(lease, resource: resource))
        }
    }

    /// Deletes the identity Leases of masters gone for good: expired, and not among the live masters.
    private func collectExpired() {
        guard let leases = try? store.list(ListRequest(resource: resource.name, namespace: "kube-system")) else {
            return
        }
        let live = Set(registry.masters.map(\.name))
        let now = Double(wallClockNanoseconds()) / 1e9
        for lease in leases.items where lease.labels[Self.label] == "kube-apiserver" && !live.contains(lease.key.name) {
            guard let object = try? JSONParser.parse(lease.value), let renewed = object[["spec", "renewTime"]]?.string,
                let renewTime = Self.seconds(renewed)
            else { continue }
            let duration = Double(object[["spec", "leaseDurationSeconds"]]?.int ?? 0)
            if renewTime + duration < now {
                _ = try? store.delete(
                    lease.key, preconditions: .init(revision: lease.modRevision), tombstone: ResourceHandler.tombstone)
            }
        }
    }

    /// Seconds since the epoch of an RFC 3339 time (`2025-12-01T02:40:00.123456Z`).
    static func seconds(_ text: String) -> Double? {
        RFC3339.unixNanoseconds(text).map { Double($0) / 1e9 }
    }
}
