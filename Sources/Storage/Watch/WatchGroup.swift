import Synchronization

/// The watchers of one consumer thread (`WatchThread`: an I/O loop), fanned out on that thread. The hub
/// hands each batch of committed events to the group once, with one wake-up; on its thread the group
/// offers each event to each member and lets a member that queued it write at once (`Watcher.onDelivery`).
/// So a write to 10,000 watchers costs the hub's thread one hand-over, and each watcher, its session and
/// its connection are touched once, by one thread, while they are in its cache.
public final class WatchGroup: Sendable {
    /// Events handed over and not yet delivered, past which the group counts as stuck: its watchers are cut
    /// off (they re-list) and the events let go, so a stalled thread cannot hold the history's memory.
    static let maxPendingEvents = 100_000

    private struct Pending {
        var batches: [[StoreEvent]] = []
        var events = 0
        var added: [Watcher] = []
        var removed: [ObjectIdentifier] = []
        var stuck = false
    }

    private let thread: WatchThread
    /// `maxPendingEvents`, unless a test asks for less.
    private let pendingLimit: Int
    private let pending = Mutex(Pending())
    /// The members, touched by `deliver` on the group's thread (and by `endAll`): the lock is uncontended.
    private let members = Mutex<[Watcher]>([])
    private let memberCount = Atomic<Int>(0)
    private let cutOff = Atomic<Int>(0)
    /// Every event handed over up to here has been offered to every member: the members' bookmarks.
    let delivered: SharedRevision

    init(thread: WatchThread, revision: Int64, maxPendingEvents: Int = WatchGroup.maxPendingEvents) {
        self.thread = thread
        pendingLimit = maxPendingEvents
        delivered = SharedRevision(revision)
    }

    var count: Int { memberCount.load(ordering: .relaxed) }
    var cutOffCount: Int { cutOff.load(ordering: .relaxed) }

    /// A new member; it sees events after `watcher.liveAfter` from the batches delivered from now on.
    /// Called under the hub's registry lock, as `handOver` is: nothing handed over later is missed.
    func add(_ watcher: Watcher) {
        memberCount.add(1, ordering: .relaxed)
        pending.withLock { $0.added.append(watcher) }
    }

    /// Takes `watcher` out at the group's next delivery, which this asks for: a cancelled watch lets go of
    /// its session (and connection) even when no write follows.
    func remove(_ watcher: Watcher) {
        let wake = pending.withLock { p -> Bool in
            p.removed.append(ObjectIdentifier(watcher))
            return p.batches.isEmpty && p.removed.count == 1
        }
        if wake { thread.wake(self) }
    }

    /// Queues `events` (committed, in revision order) for the members; wakes the thread when it has
    /// nothing queued yet (one wake-up serves everything handed over until it runs).
    func handOver(_ events: [StoreEvent]) {
        let wake = pending.withLock { p -> Bool in
            guard !p.stuck else { return false }
            p.events += events.count
            if p.events > pendingLimit {
                p.batches = []
                p.stuck = true
                return true
            }
            p.batches.append(events)
            return p.batches.count == 1
        }
        if wake { thread.wake(self) }
    }

    /// On the group's thread: offers what was handed over to every member, in order.
    public func deliver() {
        let taken = pending.withLock { p -> Pending in
            defer { p = Pending() }
            return p
        }
        members.withLock { members in
            let before = members.count
            if taken.removed.isEmpty {
                members += taken.added
            } else {
                let removed = Set(taken.removed)
                members.removeAll { removed.contains(ObjectIdentifier($0)) }
                members += taken.added.filter { !removed.contains(ObjectIdentifier($0)) }
            }
            if taken.stuck {
                for watcher in members where watcher.end(.tooSlow) { cutOff.add(1, ordering: .relaxed) }
                members = []
            } else {
                for batch in taken.batches {
                    for event in batch { offer(event, to: &members) }
                    if let last = batch.last { delivered.store(last.revision) }
                }
            }
            // `add` counted the new members already.
            memberCount.add(members.count - before - taken.added.count, ordering: .relaxed)
        }
    }

    private func offer(_ event: StoreEvent, to members: inout [Watcher]) {
        var index = 0
        while index < members.count {
            let watcher = members[index]
            switch watcher.offer(event) {
            case .skipped, .queued(wake: false):
                index += 1
                continue
            case .queued(wake: true):
                watcher.deliverNow()
                index += 1
                continue
            case .cutOff:
                cutOff.add(1, ordering: .relaxed)
                watcher.deliverNow()
            case .ended:
                break
            }
            members.swapAt(index, members.count - 1)  // order among watchers does not matter
            members.removeLast()
        }
    }

    /// Ends every member's watch with `reason` (the store closed, or the hub fell behind the history).
    func endAll(_ reason: WatchEnd) -> Int {
        let taken = pending.withLock { p -> [Watcher] in
            defer { p = Pending() }
            return p.added
        }
        let all = members.withLock { members -> [Watcher] in
            defer { members = [] }
            return members + taken
        }
        memberCount.store(0, ordering: .relaxed)
        return all.reduce(0) { $0 + ($1.end(reason) ? 1 : 0) }
    }
}
