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
}
