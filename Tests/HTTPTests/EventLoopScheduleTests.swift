import Dispatch
import Synchronization
import Testing
@testable import HTTP

/// Tasks scheduled onto a loop (`EventLoop.schedule`, a watch fan-out) run on its thread in order, a slice
/// per turn, so a job queued meanwhile (a write's acknowledgement) does not wait for all of them.
@Suite("Event loop scheduled tasks")
struct EventLoopScheduleTests {
    final class Log: Sendable {
        let entries = Mutex<[Int]>([])
        func append(_ entry: Int) { entries.withLock { $0.append(entry) } }
    }

    final class OrderTask: LoopTask {
        let index: Int
        let log: Log
        let done: DispatchSemaphore?
        let loop: EventLoop
        init(_ index: Int, log: Log, loop: EventLoop, done: DispatchSemaphore?) {
            self.index = index
            self.log = log
            self.loop = loop
            self.done = done
        }
        func runOnLoop() {
            log.append(loop.inLoop ? index : -2)
            done?.signal()
        }
    }

    @Test func scheduledTasksRunInOrderOnTheLoopAndAJobQueuedMeanwhileRunsBetweenSlices() throws {
        let loop = EventLoop(index: 0)
        try loop.start()
        defer { loop.stopAndJoin() }
        let log = Log()
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The loop is held inside a job while everything is queued, so all of it is there at its next turn.
        loop.execute {
            holding.signal()
            release.wait()
        }
        holding.wait()
        let count = 3 * EventLoop.taskSlice
        let done = DispatchSemaphore(value: 0)
        for i in 0..<count {
            loop.schedule(OrderTask(i, log: log, loop: loop, done: i == count - 1 ? done : nil))
        }
        loop.execute { log.append(-1) }  // the acknowledgement
        release.signal()
        #expect(done.wait(timeout: .now() + 30) == .success)
        let order = log.entries.withLock { $0 }
        #expect(order.filter { $0 >= 0 } == Array(0..<count))
        #expect(!order.contains(-2))
        let job = try #require(order.firstIndex(of: -1))
        #expect(job <= EventLoop.taskSlice)
    }

    /// Tasks scheduled while a batch runs (their wake-up read by a turn that was polling anyway) run once
    /// it is done, without waiting for epoll_wait's timeout: this loop's would outlast the test.
    @Test func tasksScheduledWhileABatchRunsRunWithoutAnotherWakeUp() throws {
        let loop = EventLoop(index: 0, longestSleep: 3_600_000_000_000)
        try loop.start()
        defer { loop.stopAndJoin() }
        let log = Log()
        let done = DispatchSemaphore(value: 0)
        let late = OrderTask(-3, log: log, loop: loop, done: done)
        let count = 2 * EventLoop.taskSlice
        let batch = (0..<count).map { OrderTask($0, log: log, loop: loop, done: nil) }
        // The first task of the batch schedules the late one: a wake-up the next (polling) turn reads.
        loop.execute {
            loop.schedule(LateScheduler(loop: loop, late: late))
            for task in batch { loop.schedule(task) }
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        let order = log.entries.withLock { $0 }
        #expect(order.last == -3)
        #expect(order.filter { $0 >= 0 } == Array(0..<count))
    }

    final class LateScheduler: LoopTask {
        let loop: EventLoop
        let late: OrderTask
        init(loop: EventLoop, late: OrderTask) {
            self.loop = loop
            self.late = late
        }
        func runOnLoop() { loop.schedule(late) }
    }
}
