import Dispatch
import HTTP
import Synchronization
import Threads

/// Fans the master's state out to the attached consoles. One thread samples the Observatory and the
/// server ten times a second, encodes one frame, and queues the same bytes to every console's stream:
/// the cost is per tick, not per request or per console, and nothing runs while no console is attached
/// (the thread sleeps until one subscribes). A console that reads too slowly is cut off with a reason
/// (`ConsoleSubscriber.send`); writes never block the thread, the I/O loops carry them.
final class ConsolePublisher: Sendable {
    /// How often attached consoles get a delta (the row latency a console sees is at most this, plus the
    /// wire).
    static let tickMilliseconds = 100
    /// A delta at least this often even when nothing was recorded (uptime, bucket refills, reloads).
    static let heartbeatNanoseconds: Int64 = 1_000_000_000

    private struct State: Sendable {
        var subscribers: [ConsoleSubscriber] = []
        /// Attached since the last tick: they get a hello and a snapshot, then the deltas.
        var pending: [ConsoleSubscriber] = []
        var nextID: UInt64 = 0
        var stopped = false
        /// Publish at the next tick even if nothing was recorded (an operation changed the state).
        var dirty = false
    }

    let sampler: ConsoleSampler
    let maxBacklog: Int
    let maxConsoles: Int
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let thread = Mutex<JoinableThread?>(nil)

    init(sampler: ConsoleSampler, maxBacklog: Int, maxConsoles: Int, log: @escaping @Sendable (String) -> Void) {
        self.sampler = sampler
        self.maxBacklog = maxBacklog
        self.maxConsoles = maxConsoles
        self.log = log
    }

    func start() throws(ThreadStartError) {
        let started = try JoinableThread { [self] in run() }
        thread.withLock { $0 = started }
    }

    /// Says goodbye to every console (`reason`), ends their streams and stops the thread.
    func stop(reason: String) {
        let all = state.withLock { s -> [ConsoleSubscriber] in
            s.stopped = true
            defer { s.subscribers = []; s.pending = [] }
            return s.subscribers + s.pending
        }
        wakeUp.signal()
        thread.withLock { $0.take() }?.join()
        let bye = ConsoleFrame.bye(reason: reason).encoded()
        for subscriber in all {
            subscriber.stream.write(bye)
            subscriber.stream.finish()
        }
    }

    /// Adds a console; it gets its hello and snapshot at the next tick. False when `maxConsoles` are
    /// attached already (or the channel is stopping).
    func subscribe(stream: HTTPStream, peer: ConsolePeer, hello: ConsoleHello) -> Bool {
        let subscriber = state.withLock { s -> ConsoleSubscriber? in
            guard !s.stopped, s.subscribers.count + s.pending.count < maxConsoles else { return nil }
            s.nextID += 1
            let subscriber = ConsoleSubscriber(id: s.nextID, stream: stream, hello: hello, peer: peer)
            s.pending.append(subscriber)
            return subscriber
        }
        guard let subscriber else { return false }
        stream.onClose { [self] in remove(subscriber.id) }
        wakeUp.signal()
        return true
    }

    /// The next tick publishes even if no request came (a reload or rotation changed what consoles show).
    func publishSoon() { state.withLock { $0.dirty = true } }

    var consoleCount: Int { state.withLock { $0.subscribers.count + $0.pending.count } }

    private func remove(_ id: UInt64) {
        state.withLock { s in
            s.subscribers.removeAll { $0.id == id }
            s.pending.removeAll { $0.id == id }
        }
    }

    // MARK: - The thread

    private func run() {
        // A console is a background task: never preempt an I/O loop to feed one.
        JoinableThread.setBatchScheduling(true)
        var feed: ConsoleFeed?
        while true {
            let (stopped, idle) = state.withLock { ($0.stopped, $0.subscribers.isEmpty && $0.pending.isEmpty) }
            if stopped { return }
            if idle {
                feed = nil  // nobody to keep current: start afresh when someone attaches
                wakeUp.wait()
                continue
            }
            if feed == nil { feed = ConsoleFeed(sampler: sampler) }
            tick(&feed!)
            _ = wakeUp.wait(timeout: .now() + .milliseconds(Self.tickMilliseconds))
        }
    }

    private func tick(_ feed: inout ConsoleFeed) {
        let (established, pending, dirty) = state.withLock { s -> ([ConsoleSubscriber], [ConsoleSubscriber], Bool) in
            let taken = s.pending
            s.subscribers += taken
            s.pending = []
            defer { s.dirty = false }
            return (s.subscribers.filter { subscriber in !taken.contains { $0 === subscriber } }, taken, s.dirty)
        }
        if !established.isEmpty, let delta = feed.delta(force: dirty) {
            let bytes = ConsoleFrame.update(delta).encoded()
            for subscriber in established where !subscriber.send(bytes, maxBacklog: maxBacklog) {
                remove(subscriber.id)
                log(
                    "console channel: cut off \(subscriber.peer.description): too slow (more than \(maxBacklog) bytes unread)"
                )
            }
        } else if established.isEmpty {
            feed.catchUp()
        }
        guard !pending.isEmpty else { return }
        let snapshot = ConsoleFrame.update(feed.snapshot()).encoded()
        for subscriber in pending {
            var hello = ConsoleFrame.hello(subscriber.hello).encoded()
            hello += snapshot
            subscriber.stream.write(hello)
        }
    }
}
