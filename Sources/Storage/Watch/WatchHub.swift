import Dispatch
import Synchronization
import Threads

/// Registers watchers and fans committed events out to them on its own thread: the writer only makes
/// events visible in the cache and signals, so a thousand watchers cost the commit path nothing.
final class WatchHub: Sendable {
    private struct Registry {
        /// Watchers woken one by one (`onReady`): those of consumers without a `WatchThread`.
        var byResource: [String: [ObjectIdentifier: Watcher]] = [:]
        var count = 0
        /// One group per consumer thread, each handed every batch (its members are filtered there).
        var groups: [ObjectIdentifier: WatchGroup] = [:]
        var stopped = false
    }

    /// Events handed out per pass, so registrations never wait long for the registry lock.
    static let fanOutChunk = 1_024

    private let cache: WatchCache
    private let registry = Mutex(Registry())
    /// Every event up to here has been offered to every registered watcher.
    let delivered: SharedRevision
    private let pending = DispatchSemaphore(value: 0)
    private let stopRequested = Atomic<Bool>(false)
    private let thread = Mutex<JoinableThread?>(nil)
    private let cutOff = Atomic<Int>(0)

    init(cache: WatchCache) {
        self.cache = cache
        delivered = SharedRevision(cache.revision)
    }

    func start() throws(StoreError) {
        let started: JoinableThread
        do { started = try JoinableThread { [self] in run() } } catch { throw .storage("watch fan-out: \(error)") }
        thread.withLock { $0 = started }
    }

    /// The writer calls this after making events visible in the cache.
    func notify() { pending.signal() }

    var watcherCount: Int { registry.withLock { r in r.groups.values.reduce(r.count) { $0 + $1.count } } }
    var cutOffCount: Int {
        registry.withLock { r in r.groups.values.reduce(cutOff.load(ordering: .relaxed)) { $0 + $1.cutOffCount } }
    }

    /// Registers a watch. With a `thread`, the watcher joins that thread's group: it is offered events on
    /// that thread, and `onDelivery` (called there) replaces `onReady` for them; `onReady` still wakes it for
    /// its backlog and its end.
    func register(
        _ request: WatchRequest, thread: WatchThread? = nil, onReady: @escaping @Sendable () -> Void,
        onDelivery: (@Sendable () -> Void)? = nil
    ) throws(StoreError) -> Watcher {
        let filter = request.filter
        let watcher = try registry.withLock { registry throws(StoreError) -> Watcher in
            guard !registry.stopped else { throw .closed }
            // The fan-out delivers everything after `fannedOut` to registered watchers; the backlog
            // covers the rest, so nothing is missed or repeated.
            let fannedOut = delivered.load()
            var startsAfter: Int64
            var backlog: [WatchEvent] = []
            switch request.start {
            case .now:
                startsAfter = cache.revision
            case .after(let revision):
                startsAfter = revision
                guard cache.canReplay(after: revision) else {
                    throw .tooOldResourceVersion(requested: revision, oldest: cache.oldestResumable)
                }
                if revision < fannedOut {
                    guard let events = cache.events(after: revision) else {
                        throw .tooOldResourceVersion(requested: revision, oldest: cache.oldestResumable)
                    }
                    backlog = events.prefix { $0.revision <= fannedOut }.compactMap(filter.translate)
                }
            case .initialState:
                let (objects, revision) = cache.snapshot(filter)
                startsAfter = revision
                backlog = objects.map { WatchEvent(type: .added, object: $0) }
            }
            let group = thread.map { thread in
                if let group = registry.groups[thread.id] { return group }
                let group = WatchGroup(thread: thread, revision: fannedOut)
                registry.groups[thread.id] = group
                return group
            }
            let watcher = Watcher(
                filter: filter, startsAfter: startsAfter, liveAfter: fannedOut, bufferLimit: request.bufferLimit,
                backlog: backlog, delivered: group?.delivered ?? delivered, hub: self, group: group, onReady: onReady,
                onDelivery: group == nil ? nil : onDelivery)
            if let group {
                group.add(watcher)
            } else {
                registry.byResource[filter.resource, default: [:]][ObjectIdentifier(watcher)] = watcher
                registry.count += 1
            }
            return watcher
        }
        if !watcher.isEmpty { watcher.wake() }
        return watcher
    }

    func remove(_ watcher: Watcher) {
        if let group = watcher.group {
            group.remove(watcher)
            return
        }
        registry.withLock { registry in
            if registry.byResource[watcher.filter.resource]?.removeValue(forKey: ObjectIdentifier(watcher)) != nil {
                registry.count -= 1
            }
        }
    }

    /// Ends every watch with `.storeClosed` and stops the thread.
    func stop() {
        let (watchers, groups) = registry.withLock { registry in
            registry.stopped = true
            defer { registry.byResource = [:]; registry.count = 0 }
            return (registry.byResource.values.flatMap(\.values), Array(registry.groups.values))
        }
        for watcher in watchers { watcher.end(.storeClosed) }
        for group in groups { _ = group.endAll(.storeClosed) }
        stopRequested.store(true, ordering: .releasing)
        pending.signal()
        thread.withLock { $0.take() }?.join()
    }

    private func run() {
        while true {
            pending.wait()
            if stopRequested.load(ordering: .acquiring) { return }
            while fanOutOnce() {}
        }
    }

    /// Offers the next chunk of committed events to the watchers; false when there was nothing new.
    private func fanOutOnce() -> Bool {
        guard let events = cache.events(after: delivered.load(), limit: Self.fanOutChunk) else {
            cutOffEveryone()
            return true
        }
        guard let last = events.last else { return false }
        var toWake: [Watcher] = []
        registry.withLock { registry in
            for event in events {
                let resource = event.object.key.resource
                guard let watchers = registry.byResource[resource] else { continue }
                for (id, watcher) in watchers {
                    switch watcher.offer(event) {
                    case .skipped, .queued(wake: false): break
                    case .queued(wake: true): toWake.append(watcher)
                    case .cutOff:
                        toWake.append(watcher)
                        cutOff.add(1, ordering: .relaxed)
                        registry.byResource[resource]?.removeValue(forKey: id)
                        registry.count -= 1
                    case .ended:
                        registry.byResource[resource]?.removeValue(forKey: id)
                        registry.count -= 1
                    }
                }
            }
            // Under the lock, as registration adds to a group: a watcher joins before or after a batch.
            for group in registry.groups.values { group.handOver(events) }
            delivered.store(last.revision)
        }
        // Outside the lock: a consumer's wake-up may call back into the hub (cancel).
        for watcher in toWake { watcher.wake() }
        return true
    }

    /// The writer got more than a whole history window ahead of this thread: which watcher missed
    /// what is unknowable, so every watcher is cut off and re-lists.
    private func cutOffEveryone() {
        let (watchers, groups) = registry.withLock { registry in
            defer {
                registry.byResource = [:]
                registry.count = 0
                delivered.store(cache.revision)
            }
            return (registry.byResource.values.flatMap(\.values), Array(registry.groups.values))
        }
        for watcher in watchers where watcher.end(.tooSlow) { cutOff.add(1, ordering: .relaxed) }
        for group in groups { cutOff.add(group.endAll(.tooSlow), ordering: .relaxed) }
    }
}
