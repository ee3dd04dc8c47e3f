/// One namespace's objects by name, for GET: an open-addressing hash table (linear probing) of the objects
/// themselves, 8 bytes a slot with the name read from the object, where a `[String: StoredObject]` keeps
/// the name beside the object in 24 bytes a slot. At most three quarters full; a removal shifts the probe
/// chain back instead of leaving a tombstone, so lookups never wade through deleted slots.
struct NameTable {
    /// Empty, or a power of two of slots.
    private var slots: [StoredObject?] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    func get(_ name: String) -> StoredObject? {
        guard !slots.isEmpty else { return nil }
        var i = home(of: name)
        while let object = slots[i] {
            if object.key.name == name { return object }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds `object`, or replaces the one of the same name and returns it.
    @discardableResult
    mutating func put(_ object: StoredObject) -> StoredObject? {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var i = home(of: object.key.name)
        while let present = slots[i] {
            if present.key.name == object.key.name {
                slots[i] = object
                return present
            }
            i = (i + 1) & (slots.count - 1)
        }
        slots[i] = object
        count += 1
        return nil
    }

    /// Removes the object named `name` and returns it (nil when there is none).
    @discardableResult
    mutating func remove(_ name: String) -> StoredObject? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var hole = home(of: name)
        while let object = slots[hole], object.key.name != name { hole = (hole + 1) & mask }
        guard let removed = slots[hole] else { return nil }
        slots[hole] = nil
        count -= 1
        // Move back every later object of the chain that may sit in the hole (its home is not cyclically
        // after the hole), so every object stays reachable from its home without crossing an empty slot.
        var next = (hole + 1) & mask
        while let object = slots[next] {
            let home = home(of: object.key.name)
            if (next - home) & mask >= (next - hole) & mask {
                slots[hole] = object
                slots[next] = nil
                hole = next
            }
            next = (next + 1) & mask
        }
        return removed
    }

    private func home(of name: String) -> Int { name.hashValue & (slots.count - 1) }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: max(8, old.count * 2))
        count = 0
        for case let object? in old { put(object) }
    }
}
