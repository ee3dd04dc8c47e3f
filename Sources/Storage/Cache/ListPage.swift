/// Collects one page of a list: objects the filter selects, after a position, up to a limit, noting where
/// it stopped when more remain. For a past revision it first undoes the events since then, so every page
/// of a paged list shows the same snapshot.
struct ListPage {
    let filter: ObjectFilter
    let limit: Int
    let after: ListPosition?
    private(set) var items: [StoredObject] = []
    /// Set when a further selected object exists: the next page starts after this position.
    private(set) var stoppedAt: ListPosition?
    /// For a past revision: each key changed since, and its version then (nil: it did not exist).
    private var rewound: [ObjectKey: StoredObject?] = [:]

    init(filter: ObjectFilter, limit: Int, after: ListPosition?) {
        self.filter = filter
        self.limit = limit
        self.after = after
    }

    /// Takes `object` if selected; returns false once the page is full and one more was found.
    mutating func offer(_ object: StoredObject) -> Bool {
        guard filter.selects(object) else { return true }
        if limit > 0, items.count == limit {
            stoppedAt = items.last!.key.position
            return false
        }
        items.append(object)
        return true
    }

    /// Called newest event first, so the version that survives is the one before the oldest event.
    mutating func undo(_ event: StoreEvent) {
        guard filter.covers(event.object.key) else { return }
        rewound[event.object.key] = .some(event.previous)
    }

    /// Walks the current objects merged with the rewound ones, in list order.
    mutating func walkRewound(_ objects: ObjectIndex) {
        // Objects that existed then but are gone now are not in the index: merge them in by position.
        let vanished = rewound.compactMap { key, then in objects.get(key) == nil ? then : nil }
            .filter { after.map($0.key.position.isAfter) ?? true }
            .sorted { $0.key.position < $1.key.position }
        var next = 0
        objects.forEach(resource: filter.resource, namespace: filter.namespace, after: after) { current in
            while next < vanished.count, vanished[next].key.position < current.key.position {
                guard offer(vanished[next]) else { return false }
                next += 1
            }
            guard let then = rewound[current.key] else { return offer(current) }
            guard let then else { return true }  // created since
            return offer(then)
        }
        while stoppedAt == nil, next < vanished.count {
            _ = offer(vanished[next])
            next += 1
        }
    }
}
