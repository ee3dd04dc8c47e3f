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

    /// Switches the calling thread between SCHED_BATCH and the normal policy. A batch thread that wakes up
    /// does not preempt the thread running on its CPU: it waits for that thread to block or use up its
    /// slice. Best effort: where the call is refused nothing changes.
    static func setBatchScheduling(_ batch: Bool) {
        let policy: Int32 = batch ? 3 : SCHED_OTHER  // SCHED_BATCH in <sched.h>; Swift's Glibc module leaves it out (GNU extension)
        var parameters = sched_param()  // priority 0, as both policies require
        _ = pthread_setschedparam(pthread_self(), policy, &parameters)
    }
}
