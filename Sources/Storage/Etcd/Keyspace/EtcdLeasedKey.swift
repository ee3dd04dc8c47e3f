import Dispatch
import HTTP
import Synchronization
import Threads

/// A key bound to an etcd lease that its own thread renews every third of the TTL, so the key lives
/// exactly as long as its owner: stopped, it is revoked and vanishes at once; if the owner dies or loses
/// etcd for longer than the TTL, etcd lets it expire. A lease found expired (etcd was lost meanwhile) is
/// granted anew and the key put again.
public final class EtcdLeasedKey: Sendable {
    /// The first wait after a failed renewal; doubled up to a third of the TTL.
    static let retryBase: Duration = .milliseconds(100)

    private struct State {
        var value: [UInt8]
        /// 0: no lease yet (or it was found expired).
        var lease: Int64 = 0
        /// A new value waits to be put.
        var dirty = false
    }

    private let keyspace: EtcdKeyspace
    private let key: [UInt8]
    public let ttlSeconds: Int64
    private let state: Mutex<State>
    private let stopped = Atomic<Bool>(false)
    /// Set by `abandon()`: stop renewing but leave the lease to expire (what a killed process does).
    private let abandoned = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let thread = Mutex<JoinableThread?>(nil)
    private let lastError = Mutex<String?>(nil)

    init(keyspace: EtcdKeyspace, key: [UInt8], value: [UInt8], ttlSeconds: Int64) {
        self.keyspace = keyspace
        self.key = key
        self.ttlSeconds = max(1, ttlSeconds)
        state = Mutex(State(value: value))
    }

    /// Grants the lease and puts the key, then starts renewing. If etcd cannot be reached now, the keeper's
    /// thread keeps trying (`problem` says why meanwhile).
    func start() throws(StoreError) {
        var firstWait = renewInterval
        do throws(EtcdClientError) { try establish() } catch {
            lastError.withLock { $0 = error.description }
            firstWait = Self.retryBase.nanosecondsValue
        }
        let started: JoinableThread
        do { started = try JoinableThread { [self, firstWait] in run(firstWait: firstWait) } } catch {
            throw .storage("etcd lease keeper: \(error)")
        }
        thread.withLock { $0 = started }
    }

    /// Puts a new value under the lease (soon, from the keeper's thread).
    public func update(_ value: [UInt8]) {
        state.withLock {
            $0.value = value
            $0.dirty = true
        }
        wake.signal()
    }

    /// Stops renewing and revokes the lease: the key is gone for everyone at once.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        thread.withLock { $0.take() }?.join()
        let lease = state.withLock { $0.lease }
        if lease != 0 && !abandoned.load(ordering: .acquiring) { try? keyspace.client.revokeLease(lease) }
    }

    /// Stops renewing without revoking: the key stays until the TTL runs out, as when the process dies.
    public func abandon() {
        abandoned.store(true, ordering: .releasing)
        stop()
    }

    public var lease: Int64 { state.withLock { $0.lease } }
    /// The last renewal's failure, nil while renewals succeed.
    public var problem: String? { lastError.withLock { $0 } }

    private var renewInterval: Int64 { ttlSeconds * 1_000_000_000 / 3 }

    private func run(firstWait: Int64) {
        var wait = firstWait
        var failures = 0
        while true {
            _ = wake.wait(timeout: .now() + .nanoseconds(Int(wait)))
            if stopped.load(ordering: .acquiring) { return }
            do throws(EtcdClientError) {
                try renewOrEstablish()
                failures = 0
                lastError.withLock { $0 = nil }
                wait = renewInterval
            } catch {
                failures += 1
                lastError.withLock { $0 = error.description }
                wait = min(Self.retryBase.nanosecondsValue << min(failures - 1, 16), renewInterval)
            }
        }
    }

    /// Renews the lease (granting a new one if it expired) and puts a changed value.
    private func renewOrEstablish() throws(EtcdClientError) {
        let (lease, dirty) = state.withLock { ($0.lease, $0.dirty) }
        guard lease != 0, try keepaliveOrZero(lease) > 0 else {
            state.withLock { $0.lease = 0 }
            try establish()
            return
        }
        if dirty { try put(lease: lease) }
    }

    private func keepaliveOrZero(_ lease: Int64) throws(EtcdClientError) -> Int64 {
        do throws(EtcdClientError) { return try keyspace.client.keepLeaseAlive(lease) } catch .rejected(let code, _)
            where code == Self.codeNotFound
        {
            return 0
        }
    }

    /// gRPC NotFound: the lease is unknown (expired and forgotten).
    private static let codeNotFound = 5

    private func establish() throws(EtcdClientError) {
        let granted = try keyspace.client.grantLease(ttl: ttlSeconds)
        state.withLock { $0.lease = granted.id }
        try put(lease: granted.id)
    }

    private func put(lease: Int64) throws(EtcdClientError) {
        let value = state.withLock { $0.value }
        _ = try keyspace.client.txn(
            EtcdTxn(compare: [], success: [.put(key: key, value: value, lease: lease)], failure: []))
        state.withLock { if $0.value == value { $0.dirty = false } }
    }
}
