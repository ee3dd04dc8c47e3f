#if canImport(Glibc)
import Glibc
#endif

/// A joinable pthread running one closure: the I/O loops, the store's writer, checkpointer and fan-out, and
/// the access-log flusher are long-lived and block (epoll, fsync, semaphores, sleeps), so each gets its own
/// thread rather than borrowing Dispatch's shared pool. The one place the project creates threads.
public final class JoinableThread: @unchecked Sendable {  // `handle` is written once, in init
    private let handle: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`. Fails (the system is out of threads or memory) with the reason.
    public init(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        let retained = Unmanaged.passRetained(Body(body))
        var tid = pthread_t()
        let rc = pthread_create(
            &tid, nil,
            { arg in
                let body = Unmanaged<Body>.fromOpaque(arg!).takeRetainedValue()
                body.run()
                return nil
            }, retained.toOpaque())
        guard rc == 0 else {
            retained.release()  // the thread never ran, so it never took the body back
            throw ThreadStartError(code: rc)
        }
        handle = tid
    }

    /// Waits for the closure to return. Call once.
    public func join() { pthread_join(handle, nil) }

    /// Switches the calling thread between SCHED_BATCH and the normal policy. A batch thread that wakes up
    /// does not preempt the thread running on its CPU: it waits for that thread to block or use up its
    /// slice. Best effort: where the call is refused nothing changes.
    public static func setBatchScheduling(_ batch: Bool) {
        // 3 is SCHED_BATCH in <sched.h>; Swift's Glibc module leaves it out (a GNU extension).
        let policy: Int32 = batch ? 3 : SCHED_OTHER
        var parameters = sched_param()  // priority 0, as both policies require
        _ = pthread_setschedparam(pthread_self(), policy, &parameters)
    }
}
