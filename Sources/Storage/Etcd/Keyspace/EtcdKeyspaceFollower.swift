import Dispatch
import Synchronization
import Threads

/// The thread that keeps a keyspace's snapshot current: one etcd watch of the prefix from the snapshot's
/// revision on; after each message the whole snapshot goes to `onChange`. A broken watch resumes where it
/// stopped; one whose start was compacted away reads the keyspace again (and reports that snapshot).
/// The keyspaces are small (a few keys), so handing out the whole snapshot costs nothing worth saving.
public final class EtcdKeyspaceFollower: Sendable {
    private let keyspace: EtcdKeyspace
    private let onChange: @Sendable (EtcdKeyspaceSnapshot) -> Void
    private let current: Mutex<EtcdKeyspaceSnapshot>
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let stream = Mutex<EtcdWatchStream?>(nil)
    private let thread = Mutex<JoinableThread?>(nil)
    private let lastError = Mutex<String?>(nil)

    init(
        keyspace: EtcdKeyspace, start: EtcdKeyspaceSnapshot,
        onChange: @escaping @Sendable (EtcdKeyspaceSnapshot) -> Void
    ) {
        self.keyspace = keyspace
        self.onChange = onChange
        current = Mutex(start)
    }

    func start() throws(StoreError) {
        let started: JoinableThread
        do { started = try JoinableThread { [self] in run() } } catch {
            throw .storage("etcd keyspace follower: \(error)")
        }
        thread.withLock { $0 = started }
    }

    /// Ends the watch and joins the thread; `onChange` is not called afterwards.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        stream.withLock { $0?.abort() }
        wake.signal()
        thread.withLock { $0.take() }?.join()
    }

    /// The keyspace as last seen.
    public var snapshot: EtcdKeyspaceSnapshot { current.withLock { $0 } }
    /// Why the watch is down (reconnecting), nil while it is open.
    public var problem: String? { lastError.withLock { $0 } }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func run() {
        var failures = 0
        var needsList = false
        while !isStopped {
            do throws(EtcdClientError) {
                if needsList {
                    try relist()
                    needsList = false
                }
                let from = current.withLock { $0.revision } + 1
                let opened = try keyspace.client.watch(
                    key: keyspace.prefixBytes, rangeEnd: EtcdRange.prefixEnd(keyspace.prefixBytes),
                    startRevision: from)
                stream.withLock { $0 = opened }
                if isStopped { opened.abort() }
                defer { stream.withLock { $0 = nil } }
                needsList = try follow(opened) { failures = 0 }
            } catch {
                if isStopped { return }
                lastError.withLock { $0 = error.description }
                if case .compacted = error { needsList = true }
            }
            failures += 1
            let backoff = min(
                EtcdEndpointSet.backoffBase.nanosecondsValue << min(failures - 1, 16),
                EtcdEndpointSet.backoffMax.nanosecondsValue)
            _ = wake.wait(timeout: .now() + .nanoseconds(Int(backoff)))
        }
    }

    /// Reads the stream until it ends; true when the keyspace must be read again (start compacted away).
    private func follow(_ opened: EtcdWatchStream, connected: () -> Void) throws(EtcdClientError) -> Bool {
        while let message = try opened.next() {
            if isStopped { return false }
            if message.created {
                lastError.withLock { $0 = nil }
                connected()
            }
            if message.canceled {
                lastError.withLock { $0 = "watch cancelled by etcd: \(message.cancelReason)" }
                return message.compactRevision > 0
            }
            guard !message.events.isEmpty else { continue }
            let snapshot = current.withLock { s in
                for event in message.events {
                    guard let key = keyspace.relative(event.kv.key) else { continue }
                    if event.deleted {
                        s.entries[key] = nil
                    } else {
                        s.entries[key] = EtcdEntry(
                            key: key, value: event.kv.value, modRevision: event.kv.modRevision, lease: event.kv.lease)
                    }
                    s.revision = max(s.revision, event.kv.modRevision)
                }
                return s
            }
            onChange(snapshot)
        }
        return false
    }

    private func relist() throws(EtcdClientError) {
        let fresh: EtcdKeyspaceSnapshot
        do { fresh = try keyspace.list() } catch { throw .unreachable(error.description) }
        current.withLock { $0 = fresh }
        if !isStopped { onChange(fresh) }
    }
}
