import HTTP
import Synchronization

/// Completions waiting for the cache to reach a revision: a write etcd acknowledged completes only once
/// the watch feed has put it in the cache, so a read after the acknowledgement sees it (kube-apiserver's
/// watch cache waits for a revision the same way). A waiter whose revision does not arrive in time (the
/// feed is down) is completed anyway: etcd has the write, and refusing it would make the client retry a
/// write that is done.
final class RevisionWaiters: Sendable {
    private struct Waiter {
        let revision: Int64
        let deadline: Int64
        let fire: @Sendable () -> Void
    }

    private let state: Mutex<(applied: Int64, waiting: [Waiter])>

    init(applied: Int64) {
        state = Mutex((applied, []))
    }

    /// Runs `fire` once the cache holds `revision` (at once if it does), or at `deadline` (monotonic ns).
    func wait(for revision: Int64, deadline: Int64, _ fire: @escaping @Sendable () -> Void) {
        let now = state.withLock { s -> Bool in
            guard s.applied < revision else { return true }
            s.waiting.append(Waiter(revision: revision, deadline: deadline, fire: fire))
            return false
        }
        if now { fire() }
    }

    /// The cache holds everything up to `revision`: completes those waiting for it, oldest first.
    func advance(to revision: Int64) {
        let ready = state.withLock { s -> [Waiter] in
            s.applied = max(s.applied, revision)
            guard s.waiting.contains(where: { $0.revision <= revision }) else { return [] }
            let ready = s.waiting.filter { $0.revision <= revision }
            s.waiting.removeAll { $0.revision <= revision }
            return ready
        }
        for waiter in ready.sorted(by: { $0.revision < $1.revision }) { waiter.fire() }
    }

    /// Completes those past their deadline.
    func expire(now: Int64 = monotonicNanoseconds()) {
        let overdue = state.withLock { s -> [Waiter] in
            let overdue = s.waiting.filter { $0.deadline <= now }
            s.waiting.removeAll { $0.deadline <= now }
            return overdue
        }
        for waiter in overdue.sorted(by: { $0.revision < $1.revision }) { waiter.fire() }
    }

    /// Completes everyone (the store is closing).
    func fireAll() { expire(now: .max) }

    var count: Int { state.withLock { $0.waiting.count } }
    var earliestDeadline: Int64? { state.withLock { $0.waiting.map(\.deadline).min() } }
}
