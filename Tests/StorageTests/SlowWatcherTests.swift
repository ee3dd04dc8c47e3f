import Synchronization
import Testing
@testable import Storage

@Suite struct SlowWatcherTests {
    /// A watcher that never drains is cut off at its buffer limit; the writer and a watcher that keeps
    /// up are not held back.
    @Test(arguments: StoreKind.available)
    func aSlowWatcherIsCutOffAndOthersKeepReceiving(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let slowWakeUps = Atomic<Int>(0)
        let slow = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 10)) {
            slowWakeUps.add(1, ordering: .relaxed)
        }
        let fast = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 10)) {}
        var received: [WatchEvent] = []
        var written: [Int64] = []
        for i in 0..<60 {
            written.append(try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision)
            if i % 5 == 4 { received += fast.collect(i + 1 - received.count).events }
        }
        received += fast.collect(60 - received.count).events
        #expect(received.map(\.revision) == written)
        #expect(fast.drain().end == nil)

        let batch = slow.drain()
        #expect(batch.end == .tooSlow)
        #expect(batch.events.isEmpty)  // its backlog was dropped: the client re-lists
        #expect(slowWakeUps.load(ordering: .relaxed) >= 1)
        #expect(f.watchers.cutOff == 1 && f.watchers.count == 1)
    }

    /// Fan-out runs off the writer's thread: even a wake-up that breaks the rules and blocks the fan-out
    /// does not delay writes, and nothing is lost once it returns.
    @Test(arguments: StoreKind.available)
    func aBlockedFanOutDoesNotStallWrites(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let release = ResultBox<Bool>()
        let stuck = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 5)) {
            _ = release.wait(); release.fulfil(true)
        }
        let other = try f.store.watch(WatchRequest(resource: "pods", bufferLimit: 100)) {}
        var last: Int64 = 0
        for i in 0..<20 { last = try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision }
        #expect(f.store.revision == last)
        release.fulfil(true)
        #expect(other.collect(20).events.count == 20)
        stuck.cancel()
    }
}
