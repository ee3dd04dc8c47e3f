import Dispatch
import Synchronization

/// One watch: a bounded queue the fan-out thread appends to and the consumer drains. The consumer is
/// woken by `onReady` (e.g. a hop onto its I/O loop) whenever the queue goes from empty to not empty
/// or the watch ends, and then calls `drain()`. Nothing here ever blocks the fan-out thread.
public final class Watcher: Sendable {
    private struct Queue {
        /// The events in order: `first`, then `rest` (see `WatchBatch`). `first` is only filled when
        /// both are empty, so one event queued at a time never allocates.
        var first: WatchEvent?
        var rest: [WatchEvent] = []
        var end: WatchEnd?
        /// Replayed history and initial state, allowed beyond the limit until the first drain.
        var allowance = 0
    }

    let filter: ObjectFilter
    /// Events at or before this revision are not this watcher's (it started later).
    let startsAfter: Int64
    /// Events at or before this revision reached it as its backlog (the fan-out's progress when it was
    /// registered); a group may still hold some of them when the watcher joins.
    private let liveAfter: Int64
    private let bufferLimit: Int
    private let onReady: @Sendable () -> Void
    /// For a watcher in a `WatchGroup`: called on the group's thread as soon as an offer queued something,
    /// instead of `onReady`'s hop (the consumer drains and writes there and then).
    private let onDelivery: (@Sendable () -> Void)?
    /// The group it belongs to, if any (so that `cancel` leaves it).
    let group: WatchGroup?
    private let queue = Mutex(Queue())
    /// For `next(timeoutMilliseconds:)`: signalled whenever `onReady` is, once someone has waited with it
    /// (an I/O loop's watch never does, and 10,000 of them need not pay a signal per event).
    private let readySignal = DispatchSemaphore(value: 0)
    private let blockingReader = Atomic<Bool>(false)
    /// The fan-out's progress, for bookmarks.
    private let delivered: SharedRevision
    private weak let hub: WatchHub?

    init(
        filter: ObjectFilter, startsAfter: Int64, liveAfter: Int64, bufferLimit: Int, backlog: [WatchEvent],
        delivered: SharedRevision, hub: WatchHub, group: WatchGroup?, onReady: @escaping @Sendable () -> Void,
        onDelivery: (@Sendable () -> Void)?
    ) {
        self.filter = filter
        self.startsAfter = startsAfter
        self.liveAfter = liveAfter
        self.bufferLimit = max(1, bufferLimit)
        self.onReady = onReady
        self.onDelivery = onDelivery
        self.group = group
        self.delivered = delivered
        self.hub = hub
        queue.withLock {
            $0.rest = backlog; $0.allowance = backlog.count
        }
    }

    /// Takes everything queued. Call after each `onReady` until `end` is set.
    public func drain() -> WatchBatch {
        // Read the fan-out's progress before taking the queue: whatever it had delivered by then is in
        // what we take, so the bookmark never runs ahead of the events.
        let fannedOut = delivered.load()
        let batch = queue.withLock { queue in
            defer {
                queue.first = nil; queue.rest = []; queue.allowance = 0
            }
            return WatchBatch(first: queue.first, rest: queue.rest, progress: 0, end: queue.end)
        }
        return WatchBatch(
            first: batch.first, rest: batch.rest,
            progress: max(fannedOut, startsAfter, batch.last?.revision ?? 0), end: batch.end)
    }

    /// Blocks until something is queued, the watch ends, or the timeout passes (then the batch is empty).
    /// For tests and simple consumers; an I/O loop uses `onReady` and `drain()` instead.
    public func next(timeoutMilliseconds: Int) -> WatchBatch {
        let deadline = DispatchTime.now() + .milliseconds(timeoutMilliseconds)
        // Set before the first drain: a wake-up after it signals; one before it left something to drain.
        blockingReader.store(true, ordering: .sequentiallyConsistent)
        while true {
            let batch = drain()
            if !batch.isEmpty || batch.end != nil { return batch }
            if readySignal.wait(timeout: deadline) == .timedOut { return drain() }
        }
    }

    /// Stops the watch; the consumer's next drain reports `.cancelled`.
    public func cancel() {
        end(.cancelled)
        hub?.remove(self)
    }

    public var isEnded: Bool { queue.withLock { $0.end != nil } }

    var isEmpty: Bool { queue.withLock { $0.first == nil && $0.rest.isEmpty && $0.end == nil } }

    enum Offer { case skipped, queued(wake: Bool), cutOff, ended }

    /// Called by the fan-out thread. `.queued(wake: true)` and `.cutOff` mean the consumer must be woken
    /// (the caller does it after releasing its own lock); `.cutOff` and `.ended`, that the watcher is done.
    func offer(_ event: StoreEvent) -> Offer {
        guard event.revision > startsAfter, event.revision > liveAfter, let visible = filter.translate(event) else {
            return .skipped
        }
        return queue.withLock { queue -> Offer in
            guard queue.end == nil else { return .ended }
            if (queue.first == nil ? 0 : 1) + queue.rest.count >= bufferLimit + queue.allowance {
                queue.first = nil; queue.rest = []  // the client re-lists; don't keep its backlog alive
                queue.end = .tooSlow
                return .cutOff
            }
            if queue.first == nil && queue.rest.isEmpty {
                queue.first = visible
                return .queued(wake: true)
            }
            queue.rest.append(visible)
            return .queued(wake: false)
        }
    }

    /// Ends the watch with `reason` (unless already ended) and wakes the consumer.
    @discardableResult
    func end(_ reason: WatchEnd) -> Bool {
        let changed = queue.withLock { queue in
            guard queue.end == nil else { return false }
            queue.end = reason
            return true
        }
        if changed { wake() }
        return changed
    }

    /// The group's thread, after an offer that needs the consumer: drain and write now (or the usual hop).
    func deliverNow() {
        if let onDelivery { onDelivery() } else { wake() }
    }

    func wake() {
        if blockingReader.load(ordering: .sequentiallyConsistent) { readySignal.signal() }
        onReady()
    }
}
