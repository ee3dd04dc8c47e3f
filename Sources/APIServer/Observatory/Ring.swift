/// A fixed-capacity ring that keeps the newest elements.
public struct Ring<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element] = []
    private var next = 0
    /// Elements ever appended: a reader that remembers it can ask for what came after.
    public private(set) var appended = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(self.capacity)
    }

    public mutating func append(_ element: Element) {
        appended += 1
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[next] = element
            next = (next + 1) % capacity
        }
    }

    /// Oldest first.
    public var elements: [Element] {
        storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
    }

    public var count: Int { storage.count }

    /// The newest elements appended after the first `seen`, at most `limit` of them, oldest first; and
    /// how many of those were left out (no longer held, or beyond `limit`).
    public func elements(after seen: Int, limit: Int) -> (elements: [Element], skipped: Int) {
        let wanted = max(0, appended - seen)
        let taken = min(wanted, storage.count, max(0, limit))
        guard taken > 0 else { return ([], wanted) }
        // The newest `taken`: they end just before `next` once the ring has wrapped, else at the end.
        let end = storage.count < capacity ? storage.count : next
        var out: [Element] = []
        out.reserveCapacity(taken)
        for k in (0..<taken).reversed() { out.append(storage[(end - 1 - k + capacity) % capacity]) }
        return (out, wanted - taken)
    }
}
