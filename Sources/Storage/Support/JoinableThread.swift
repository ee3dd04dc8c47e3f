#if canImport(Glibc)
import Glibc
#endif

/// A joinable pthread running one closure: the store's writer and fan-out loops are long-lived and block
/// (fsync, semaphores), so they get their own threads rather than borrowing Dispatch's shared pool.
final class JoinableThread: @unchecked Sendable {
    private let handle: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    init(_ body: @escaping @Sendable () -> Void) {
        let retained = Unmanaged.passRetained(Body(body)).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            let body = Unmanaged<Body>.fromOpaque(arg!).takeRetainedValue()
            body.run()
            return nil
        }, retained)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        handle = tid
    }

    /// Waits for the closure to return. Call once.
    func join() { pthread_join(handle, nil) }

    /// Marks the calling thread SCHED_BATCH: a batch thread that wakes up does not preempt the thread
    /// running on its CPU, it waits for that thread to block or use up its slice. For the group-commit
    /// writer on a busy CPU this means the I/O loop that just queued one write goes on to read and queue
    /// the rest of its ready requests, and the writer then commits them all under one fsync, rather than
    /// taking the CPU at the first write and committing a group of one. On an idle CPU (or another core)
    /// it runs at once, as before. Best effort: where the call is refused nothing changes.
    static func preferBatchScheduling() {
        let schedBatch: Int32 = 3  // SCHED_BATCH in <sched.h>; Swift's Glibc module leaves it out (GNU extension)
        var parameters = sched_param()  // priority 0, as SCHED_BATCH requires
        _ = pthread_setschedparam(pthread_self(), schedBatch, &parameters)
    }
}
