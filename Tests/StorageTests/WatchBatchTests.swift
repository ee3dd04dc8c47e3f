import Testing
@testable import Storage

/// A drained batch keeps its first event apart from the rest, so that one event per drain (the steady state
/// of every watcher) allocates no array. Read as a whole it must be the same events in the same order.
@Suite struct WatchBatchTests {
    @Test func theFirstEventAndTheRestReadAsOneSequenceInOrder() throws {
        let f = try StoreFixture(.sqlite)
        let objects = try (1...3).map { try f.store.create(podKey("p\($0)"), uid: "\($0)", pod("p\($0)")) }
        let events = objects.map { WatchEvent(type: .added, object: $0) }
        let revisions = objects.map(\.modRevision)

        let live = WatchBatch(first: events[0], rest: Array(events[1...]), progress: 0, end: nil)
        #expect(live.events.map(\.revision) == revisions)
        #expect(live.single == nil)
        #expect(live.last?.revision == revisions[2])

        // A backlog drained whole has no first event of its own.
        let backlog = WatchBatch(first: nil, rest: events, progress: 0, end: nil)
        #expect(backlog.events.map(\.revision) == revisions)
        #expect(backlog.single == nil && !backlog.isEmpty)

        let one = WatchBatch(first: events[1], rest: [], progress: 0, end: nil)
        #expect(one.single?.revision == revisions[1])
        #expect(one.events.map(\.revision) == [revisions[1]])

        let none = WatchBatch(first: nil, rest: [], progress: 0, end: .cancelled)
        #expect(none.isEmpty && none.single == nil && none.events.isEmpty && none.last == nil)
    }

    /// The watcher queues the first event apart only when nothing waits before it: events offered after
    /// a replayed backlog (held in `rest`) come after it, and a live event joins the rest once one waits.
    @Test func eventsOfferedBehindABacklogAreDrainedAfterIt() throws {
        let f = try StoreFixture(.sqlite)
        let start = try f.store.create(podKey("p0"), uid: "0", pod("p0")).modRevision
        var written = [Int64]()
        for i in 1...3 { written.append(try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision) }
        let watcher = try f.store.watch(WatchRequest(resource: "pods", start: .after(start))) {}
        for i in 4...6 { written.append(try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)")).modRevision) }
        let (events, end) = watcher.collect(6)
        #expect(end == nil)
        #expect(events.map(\.revision) == written)
    }
}
