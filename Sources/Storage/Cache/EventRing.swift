/// The history window in memory: the last `capacity` events, oldest first, in a circular buffer.
/// Revisions are dense (every revision is one event), but lookups binary-search rather than rely on it.
struct EventRing {
    let capacity: Int
    private var storage: [StoreEvent] = []
    private var head = 0  // index in `storage` of the oldest event once the buffer is full
    /// A watch or list may start from any revision at or after this one: every event after it is here.
    private(set) var oldestResumable: Int64

    init(capacity: Int, startingAfter revision: Int64) {
        precondition(capacity > 0, "the history window must hold at least one event")
        self.capacity = capacity
        oldestResumable = revision
        storage.reserveCapacity(min(capacity, 4096))
    }

    var count: Int { storage.count }

    mutating func append(_ event: StoreEvent) {
        if storage.count < capacity {
            storage.append(event)
        } else {
            oldestResumable = storage[head].revision
            storage[head] = event
            head = (head + 1) % capacity
        }
    }

    private func event(at logical: Int) -> StoreEvent { storage[(head + logical) % storage.count] }

    /// The logical index of the first event after `revision`.
    private func firstIndex(after revision: Int64) -> Int {
        var low = 0, high = storage.count
        while low < high {
            let mid = (low + high) / 2
            if event(at: mid).revision <= revision { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Up to `limit` events after `revision`, oldest first; nil when some of them have left the window.
    func events(after revision: Int64, limit: Int = .max) -> [StoreEvent]? {
        guard revision >= oldestResumable else { return nil }
        let first = firstIndex(after: revision)
        let end = min(storage.count, first + min(limit, storage.count))
        return (first..<end).map(event(at:))
    }

    /// Every event after `revision`, newest first (to undo them); nil when some have left the window.
    func forEachNewestFirst(after revision: Int64, _ body: (StoreEvent) -> Void) -> Bool {
        guard revision >= oldestResumable else { return false }
        let first = firstIndex(after: revision)
        for logical in stride(from: storage.count - 1, through: first, by: -1) { body(event(at: logical)) }
        return true
    }
}
