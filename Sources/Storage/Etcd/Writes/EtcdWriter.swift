import Dispatch
import Synchronization
import Threads

/// The writer threads: writes queue up from any thread and up to `maxWorkers` threads each carry one
/// to etcd at a time (a transaction is a round trip, and etcd commits concurrent ones in one raft batch,
/// so throughput comes from having many in flight). Threads start as the load needs them and stay.
final class EtcdWriter: Sendable {
    private struct Queue {
        var writes: [WriteRequest] = []
        var head = 0
        var closed = false
        /// Workers waiting on `wake` that nobody has woken yet.
        var idle = 0
        var workers = 0
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let threads = Mutex<[JoinableThread]>([])
    private let executor: EtcdWriteExecutor
    private let maxWorkers: Int

    init(executor: EtcdWriteExecutor, maxWorkers: Int) {
        self.executor = executor
        self.maxWorkers = max(1, maxWorkers)
    }

    func submit(_ write: WriteRequest) {
        enum Action { case refuse, wake, none, noThread(String) }
        let action = queue.withLock { q -> Action in
            guard !q.closed else { return .refuse }
            q.writes.append(write)
            if q.idle > 0 {
                q.idle -= 1
                return .wake
            }
            if q.workers < maxWorkers {
                // Started under the queue's lock, so a close that follows is sure to join it.
                do {
                    let thread = try JoinableThread { [self] in work() }
                    q.workers += 1
                    threads.withLock { $0.append(thread) }
                } catch {
                    // No thread for it: refuse the write unless a worker is there to take it.
                    if q.workers == 0 {
                        q.writes.removeLast()
                        return .noThread("\(error)")
                    }
                }
            }
            return .none  // the new worker, or a busy one, takes it next
        }
        switch action {
        case .refuse: write.completion(.failure(.closed))
        case .noThread(let why): write.completion(.failure(.storage("etcd writer: \(why)")))
        case .wake: wake.signal()
        case .none: break
        }
    }

    /// Carries out what is queued, refuses later writes, and stops the threads.
    func closeAndJoin() {
        let sleepers = queue.withLock { q in
            q.closed = true
            defer { q.idle = 0 }
            return q.idle
        }
        for _ in 0..<sleepers { wake.signal() }
        // Taken out, so a second close joins nothing (a thread is joined once).
        let workers = threads.withLock { threads in
            defer { threads.removeAll() }
            return threads
        }
        for thread in workers { thread.join() }
    }

    private func work() {
        while true {
            enum Next { case write(WriteRequest), sleep, exit }
            let next = queue.withLock { q -> Next in
                if q.head < q.writes.count {
                    let write = q.writes[q.head]
                    q.head += 1
                    if q.head == q.writes.count || q.head > 1_024 {
                        q.writes.removeFirst(q.head)
                        q.head = 0
                    }
                    return .write(write)
                }
                if q.closed { return .exit }
                q.idle += 1
                return .sleep
            }
            switch next {
            case .write(let write): executor.run(write)
            case .sleep: wake.wait()
            case .exit: return
            }
        }
    }
}
