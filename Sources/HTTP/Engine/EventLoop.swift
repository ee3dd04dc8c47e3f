import CLinux
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threads

/// One epoll loop on its own thread. Connections are confined to the loop that accepted them; other
/// threads reach them only through `execute` (or `runOnLoop`), which queues a job and wakes the loop
/// through an eventfd. Debug builds check the confinement (`assertInLoop`).
public final class EventLoop: @unchecked Sendable {
    /// How often timeouts are checked; also the longest epoll_wait.
    static let sweepInterval: Int64 = 100_000_000
    /// Connections accepted per listener wake-up at most, so one busy port cannot starve the others (and only
    /// while the turn's `NewcomerRation` lasts).
    static let acceptBatch = 64
    static let maxEvents: Int32 = 256
    /// Connections whose timeouts one loop turn checks: a sweep of thousands of connections (idle or
    /// slow-sending ones) is spread over several turns, so requests ready meanwhile wait for a slice, not
    /// for the whole sweep (5,000 slowloris connections made a 2–3 ms stall every sweep).
    static let sweepSlice = 256
    /// Scheduled tasks (`schedule`) one loop turn runs: a fan-out to 10,000 watches is spread over turns,
    /// so a request ready meanwhile (the next write, its acknowledgement) waits for a slice, not the whole.
    static let taskSlice = 256

    public let index: Int
    let epfd: Int32
    private let wakeFD: Int32
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let scheduled = Mutex<[any LoopTask]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    private var thread: JoinableThread?

    // Loop-thread state.
    private var slots: [Slot] = []
    private(set) var now: Int64 = monotonicNanoseconds()
    private var nextSweep: Int64 = 0
    /// The next slot the sweep in progress checks; nil between sweeps.
    private var sweepCursor: Int?
    /// Scheduled tasks taken from `scheduled`, run `taskSlice` a turn from `taskCursor` on.
    private var tasks: [any LoopTask] = []
    private var taskCursor = 0
    let dates = HTTPDateCache()
    /// Set by a graceful shutdown: finish what is in flight, accept nothing new, close idle connections.
    private(set) var draining = false
    private(set) var connectionCount = 0
    private var drained: (@Sendable () -> Void)?
    private var acceptPauses = AcceptPauses()
    private var newcomers: NewcomerRation
    /// Listeners epoll reported this turn, accepted from once the established connections were served.
    private var readyListeners: [Listener] = []
    /// Turns of the loop so far (tests tell turns apart by it).
    private(set) var turn: UInt64 = 0
    /// Answers written at most this many at a time after a batch of events (`deferFlush`): enough that
    /// the clients are awake while they arrive, few enough that the first waits only for a few more.
    public static let maxDeferredFlushes = 32
    /// While the loop goes through one epoll_wait's events, the connections whose answers wait for the
    /// batch's end (`Connection.flushSoon`).
    private(set) var dispatchingEvents = false
    private var deferredFlushes: [Connection] = []

    private enum Slot {
        case empty
        case listener(Listener)
        case connection(Connection)
    }

    /// The longest a loop sleeps in epoll_wait with nothing to do (`sweepInterval`; a test's loop longer,
    /// so that work left waiting for the timeout instead of a wake-up shows as a hang, not a delay).
    private let longestSleep: Int64

    init(index: Int, longestSleep: Int64 = EventLoop.sweepInterval, newcomerBudget: NewcomerRation.Budget = .standard) {
        self.index = index
        self.longestSleep = longestSleep
        newcomers = NewcomerRation(newcomerBudget)
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        precondition(epfd >= 0 && wakeFD >= 0, "epoll/eventfd: \(String(cString: strerror(errno)))")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(epfd)
        close(wakeFD)
    }

    /// True on this loop's own thread.
    public var inLoop: Bool {
        threadID.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: UInt(pthread_self())))
    }

    /// Debug builds trap when called off this loop's thread, naming `what` (SwiftNIO's `assertInEventLoop`);
    /// release builds check nothing. Every loop-confined entry point starts with it.
    func assertInLoop(_ what: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
        assert(inLoop, "\(what()) called off its event loop (loop \(index))", file: file, line: line)
    }

    /// Runs `job(value)` on the loop thread: at once when the caller is already on it (a handler answering
    /// inline), otherwise queued like `execute`. The value is passed rather than captured so that a job that
    /// captures nothing costs no allocation on the inline path (a closure context would be allocated before
    /// the branch, on every response); only the queued path boxes it.
    @inline(__always)
    public func runOnLoop<Value: Sendable>(_ value: Value, _ job: @escaping @Sendable (Value) -> Void) {
        if inLoop { job(value) } else { execute { job(value) } }
    }

    /// Runs `job` on the loop thread (soon; never inline).
    public func execute(_ job: @escaping @Sendable () -> Void) {
        if jobs.withLock({ Self.append(job, to: &$0) }) { wakeUp() }
    }

    /// Runs `task.runOnLoop()` on the loop thread (soon; never inline), after the jobs queued before it, in
    /// the order tasks were scheduled. A task scheduled again before it ran runs twice.
    public func schedule(_ task: any LoopTask) {
        if scheduled.withLock({ Self.append(task, to: &$0) }) { wakeUp() }
    }

    /// Appends to a queue the loop takes whole; true when it was empty (the loop needs a wake-up: it takes
    /// the queue at its next turn, so one wake-up serves everything appended until then).
    @inline(__always)
    private static func append<Item>(_ item: Item, to queue: inout [Item]) -> Bool {
        queue.append(item)
        return queue.count == 1
    }

    private func wakeUp() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Starts the loop's thread (which keeps the loop alive until it returns).
    func start() throws(ThreadStartError) {
        thread = try JoinableThread { [self] in run() }
    }

    /// Asks the loop to close everything and exit, then waits for its thread.
    func stopAndJoin() {
        stopRequested.store(true, ordering: .releasing)
        wakeUp()
        thread?.join()
        thread = nil
    }

    // MARK: - The loop

    private func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))), ordering: .relaxed)
        var events = [epoll_event](repeating: epoll_event(), count: Int(Self.maxEvents))
        while !stopRequested.load(ordering: .acquiring) {
            // Newcomers waiting for their turn, a sweep or scheduled tasks under way: poll, do not sleep.
            let busy = newcomers.hasWaiting || sweepCursor != nil || taskCursor < tasks.count
            let timeout = busy ? 0 : Int32(clamping: longestSleep / 1_000_000)
            let n = events.withUnsafeMutableBufferPointer {
                epoll_wait(epfd, $0.baseAddress, Self.maxEvents, timeout)
            }
            now = monotonicNanoseconds()
            turn &+= 1
            // Established connections first: their events, then the jobs answering their requests.
            if n > 0 {
                dispatchingEvents = true
                for i in 0..<Int(n) {
                    let event = events[i]
                    dispatch(fd: event.data.fd, events: event.events)
                    // Here, between connections, never from inside one that is mid-read.
                    if deferredFlushes.count >= Self.maxDeferredFlushes { flushDeferred() }
                }
                dispatchingEvents = false
                flushDeferred()
            }
            runJobs()
            runTaskSlice()
            // Then newcomers within the turn's ration, the kinds of work taking turns to go first.
            newcomers.newTurn(established: monotonicNanoseconds() - now)
            switch turn % 3 {
            case 0: serveNewcomers(); acceptReady(); sweep()
            case 1: acceptReady(); sweep(); serveNewcomers()
            default: sweep(); serveNewcomers(); acceptReady()
            }
        }
        for case .connection(let connection) in slots { connection.close() }
        slots.removeAll()
    }

    /// `connection` writes its answers after the current batch of events, or with the others waiting once
    /// `maxDeferredFlushes` are (checked after each event).
    ///
    /// Why: a write to a connection whose client sleeps wakes that client, and on a VM waking another CPU
    /// costs as much as the rest of the write. Written one by one as each request is answered, nearly every
    /// answer pays it; written back to back, the client is still awake for all but the first. On this VM
    /// it cut the server's CPU per GET of one pod by about 40% (HTTP and HTTPS, 64 connections; pod-get.sh).
    func deferFlush(_ connection: Connection) {
        deferredFlushes.append(connection)
    }

    private func flushDeferred() {
        guard !deferredFlushes.isEmpty else { return }
        // What these flushes set off (a finished body's next request, reading resumed) writes at once.
        let dispatching = dispatchingEvents
        dispatchingEvents = false
        for connection in deferredFlushes { connection.flushDeferred() }
        deferredFlushes.removeAll(keepingCapacity: true)
        dispatchingEvents = dispatching
    }

    private func dispatch(fd: Int32, events: UInt32) {
        if fd == wakeFD {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
            return
        }
        guard Int(fd) < slots.count else { return }
        switch slots[Int(fd)] {
        case .empty: break
        case .listener(let listener): readyListeners.append(listener)
        case .connection(let connection):
            if connection.isNewcomer {
                newcomers.wait(connection, events: events)
            } else {
                connection.handle(events: events)
            }
        }
    }

    /// The line of newcomers, in order, while the turn's ration lasts.
    private func serveNewcomers() {
        while newcomers.hasRoom, let (connection, events) = newcomers.nextWaiting() {
            let started = monotonicNanoseconds()
            connection.handle(events: events)
            newcomers.charge(since: started)
        }
    }

    private func runJobs() {
        let batch = jobs.withLock { queue -> [@Sendable () -> Void] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for job in batch { job() }
    }

    /// Runs the next `taskSlice` scheduled tasks, taking the newly scheduled ones once the last are done.
    private func runTaskSlice() {
        if taskCursor == tasks.count { takeScheduledTasks() }
        let end = min(taskCursor + Self.taskSlice, tasks.count)
        while taskCursor < end {
            tasks[taskCursor].runOnLoop()
            taskCursor += 1
        }
        // Tasks scheduled while this batch ran had their wake-up read by a turn that was polling anyway:
        // taken now, they keep the next turn polling; left queued, they would wait for epoll_wait's
        // timeout (a 100 ms stall in one fan-out of twenty).
        if taskCursor == tasks.count { takeScheduledTasks() }
    }

    private func takeScheduledTasks() {
        tasks.removeAll(keepingCapacity: true)
        taskCursor = 0
        scheduled.withLock { swap(&$0, &tasks) }  // both arrays keep their capacity: no allocation a turn
    }

    private func acceptReady() {
        for listener in readyListeners where isRegistered(listener) { accept(listener) }
        readyListeners.removeAll(keepingCapacity: true)
    }

    private func sweep() {
        if sweepCursor == nil && now >= nextSweep {
            startSweep()
            nextSweep = now + Self.sweepInterval
        }
        if sweepCursor != nil { sweepSlice() }
    }

    private func startSweep() {
        dates.update()
        if !acceptPauses.isEmpty { resumeAccepting() }
        sweepCursor = 0
    }

    /// Checks the timeouts of the next `sweepSlice` slots. A connection that times out is answered (408) or
    /// closed, which costs a write or two (tens of µs over TLS), and a slowloris's connections time out
    /// together: only while the turn's newcomer ration lasts; the rest of the slice waits for a later turn.
    private func sweepSlice() {
        guard let start = sweepCursor, newcomers.hasRoom else { return }
        let end = min(start + Self.sweepSlice, slots.count)
        var started = monotonicNanoseconds()
        var index = start
        while index < end {
            defer { index += 1 }
            guard case .connection(let connection) = slots[index], connection.checkTimeouts(now: now) else { continue }
            newcomers.charge(since: started)
            started = monotonicNanoseconds()
            if !newcomers.hasRoom { break }
        }
        newcomers.charge(since: started, step: false)
        sweepCursor = index < slots.count ? index : nil
    }

    // MARK: - Listeners and connections

    /// Watches a listening socket from this loop. EPOLLEXCLUSIVE: one loop wakes per new connection.
    func register(_ listener: Listener) {
        assertInLoop("EventLoop.register")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
        event.data.fd = listener.fd
        epoll_ctl(epfd, EPOLL_CTL_ADD, listener.fd, &event)
        setSlot(Int(listener.fd), .listener(listener))
    }

    /// Still this loop's: a job this turn may have deregistered it (and its descriptor be closed by now).
    private func isRegistered(_ listener: Listener) -> Bool {
        guard Int(listener.fd) < slots.count, case .listener(let registered) = slots[Int(listener.fd)] else {
            return false
        }
        return registered === listener
    }

    func deregister(_ listener: Listener) {
        assertInLoop("EventLoop.deregister")
        var event = epoll_event()
        if !acceptPauses.forget(listener) { epoll_ctl(epfd, EPOLL_CTL_DEL, listener.fd, &event) }
        if Int(listener.fd) < slots.count { slots[Int(listener.fd)] = .empty }
    }

    /// Accepts one connection, more while the turn's newcomer ration lasts: the rest wait in the kernel's
    /// backlog, and epoll reports the (level-triggered) listener again next turn. One in any case, whichever
    /// kind of newcomer work went first: a backlog that fills makes the kernel drop new clients' SYNs, and
    /// they retry only after a second.
    private func accept(_ listener: Listener) {
        if draining { return }
        for taken in 0..<Self.acceptBatch {
            if taken > 0 && !newcomers.hasRoom { return }
            let started = monotonicNanoseconds()
            defer { newcomers.charge(since: started) }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    kc_accept4(listener.fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                let code = errno
                if code == ECONNABORTED || code == EINTR { continue }
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    pauseAccepting(listener, errno: code)
                }
                return  // EAGAIN: the next wake-up brings more
            }
            acceptPauses.accepted(listener)
            let client = ClientAddress(storage)
            guard listener.tryOpen(client: client) == .admitted else {
                // Over the per-port or per-client limit: say so and close, rather than leave the client hanging.
                let busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = busy.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                Glibc.close(fd)
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let peer = Socket.address(storage) ?? (host: "?", port: 0)
            let connection = Connection(
                fd: fd, loop: self, listener: listener, client: client, peerHost: peer.host, peerPort: peer.port)
            setSlot(Int(fd), .connection(connection))
            connectionCount += 1
            var event = epoll_event()
            event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            event.data.fd = fd
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            connection.start()
            newcomers.wait(connection, events: EPOLLIN.rawValue | EPOLLOUT.rawValue)
        }
    }

    /// Out of descriptors: take the listener out of this loop's epoll set for a while (connections already
    /// open go on being served), and tell the owner.
    private func pauseAccepting(_ listener: Listener, errno code: Int32) {
        var event = epoll_event()
        epoll_ctl(epfd, EPOLL_CTL_DEL, listener.fd, &event)
        let length = acceptPauses.pause(listener, now: now)
        listener.onDescriptorShortage?(code, .nanoseconds(length))
    }

    private func resumeAccepting() {
        for listener in acceptPauses.due(now: now) {
            var event = epoll_event()
            event.events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
            event.data.fd = listener.fd
            epoll_ctl(epfd, EPOLL_CTL_ADD, listener.fd, &event)
        }
    }

    /// Called by a connection as it closes its descriptor.
    func connectionClosed(fd: Int32) {
        assertInLoop("EventLoop.connectionClosed")
        if Int(fd) < slots.count { slots[Int(fd)] = .empty }
        connectionCount -= 1
        if draining && connectionCount == 0 { drained?(); drained = nil }
    }

    private func setSlot(_ index: Int, _ slot: Slot) {
        if index >= slots.count {
            slots.append(contentsOf: repeatElement(.empty, count: max(index + 1 - slots.count, 64)))
        }
        slots[index] = slot
    }

    /// Graceful shutdown, step one (on the loop): stop accepting, close idle connections, let the rest finish.
    /// `whenDrained` runs once the last connection is gone.
    func beginDraining(_ whenDrained: @escaping @Sendable () -> Void) {
        assertInLoop("EventLoop.beginDraining")
        draining = true
        if connectionCount == 0 { whenDrained(); return }
        drained = whenDrained
        for case .connection(let connection) in slots { connection.drain() }
    }
}

/// The HTTP Date header value, formatted once a second rather than per response.
final class HTTPDateCache {
    private(set) var value: [UInt8] = []
    private var second = -1

    init() { update() }

    func update() {
        var t = time(nil)
        guard Int(t) != second else { return }
        second = Int(t)
        var parts = tm()
        gmtime_r(&t, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        value = Array("Date: ".utf8) + buffer[..<n].map { UInt8(bitPattern: $0) } + [13, 10]
    }
}
