import CLinux
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization
import Threads

/// The I/O loops and the listeners they serve. Bind ports, `start`, and `shutdown` to stop gracefully.
public final class HTTPServer: Sendable {
    public let loops: [EventLoop]
    private let listeners = Mutex<[Listener]>([])
    private let started = Atomic<Bool>(false)

    /// One loop per CPU this process may run on (so `taskset -c 0` gives one loop).
    public static var defaultLoopCount: Int {
        let count = Int(kc_affinity_cpu_count())
        return count > 0 ? count : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    public convenience init(loopCount: Int = HTTPServer.defaultLoopCount) {
        self.init(loopCount: loopCount, newcomerBudget: .standard)
    }

    /// `newcomerBudget`: what each loop turn spends on newcomers beyond a step of each kind
    /// (`NewcomerRation`); tests take `.oneStep` to see one step a turn.
    init(loopCount: Int, newcomerBudget: NewcomerRation.Budget) {
        loops = (0..<max(1, loopCount)).map { EventLoop(index: $0, newcomerBudget: newcomerBudget) }
    }

    /// Opens a listening socket and has every loop accept from it.
    @discardableResult
    public func bind(_ configuration: ListenerConfiguration) throws -> BoundListener {
        let (fd, port) =
            try configuration.unixSocketPath.map {
                (try Socket.listenUnix(path: $0, mode: 0o600, backlog: configuration.backlog), 0)
            }
            ?? Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let listener = Listener(fd: fd, configuration: configuration, port: port)
        listeners.withLock { $0.append(listener) }
        for loop in loops { loop.execute { loop.register(listener) } }
        return BoundListener(listener: listener)
    }

    /// Starts the loops' threads. If one cannot start, those already running stop again and the server is
    /// as before `start` (`shutdown` then only closes the listening sockets).
    public func start() throws(ThreadStartError) {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for (i, loop) in loops.enumerated() {
            do { try loop.start() } catch {
                for running in loops[..<i] { running.stopAndJoin() }
                started.store(false, ordering: .releasing)
                throw error
            }
        }
    }

    /// Stops accepting, lets in-flight requests finish for up to `gracePeriod`, then closes everything and
    /// joins the loop threads. Blocks the caller.
    public func shutdown(gracePeriod: Duration) {
        let all = listeners.withLock { taken -> [Listener] in
            let l = taken
            taken.removeAll()
            return l
        }
        guard started.load(ordering: .acquiring) else {
            for listener in all { close(listener.fd) }
            return
        }
        let deregistered = DispatchGroup()
        for loop in loops {
            deregistered.enter()
            loop.execute {
                for listener in all { loop.deregister(listener) }
                deregistered.leave()
            }
        }
        deregistered.wait()
        for listener in all { close(listener.fd) }

        let drained = DispatchGroup()
        for loop in loops {
            drained.enter()
            loop.execute { loop.beginDraining { drained.leave() } }
        }
        _ = drained.wait(timeout: .now() + .nanoseconds(Int(clamping: gracePeriod.nanoseconds)))
        for loop in loops { loop.stopAndJoin() }
    }
}
