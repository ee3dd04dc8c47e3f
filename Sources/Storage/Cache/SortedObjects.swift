/// One namespace's objects in name order, for walking them in list order. They live in chunks of at most
/// `chunkCapacity`, so inserting or removing one shifts the rest of its chunk, not every later object:
/// with one sorted array, each create in a namespace of 100,000 objects moved about 1.6 MB. The chunks hold
/// the objects themselves (8 bytes each), so a list walks them without looking each name up again.
struct SortedObjects {
    /// Big enough that walking stays a plain array walk, small enough that an insert shifts a few KB.
    static let chunkCapacity = 512

    /// Non-empty, each sorted by name, every name of one chunk before every name of the next.
    private var chunks: [[StoredObject]] = []
    private(set) var count = 0

    /// Inserts an object whose name is not already present.
    mutating func insert(_ object: StoredObject) {
        count += 1
        guard !chunks.isEmpty else {
            chunks.append([object])
            return
        }
        let name = object.key.name
        let c = min(chunkIndex(for: name), chunks.count - 1)  // past the last name: append to the last chunk
        chunks[c].insert(object, at: Self.lowerBound(name, in: chunks[c]))
        if chunks[c].count > Self.chunkCapacity {
            let upper = Array(chunks[c][(Self.chunkCapacity / 2)...])
            chunks[c].removeSubrange((Self.chunkCapacity / 2)...)
            chunks.insert(upper, at: c + 1)
        }
    }

    /// Puts a new version in the place of the present one of the same name.
    mutating func replace(_ object: StoredObject) {
        guard let (c, i) = place(of: object.key.name) else { return }
        chunks[c][i] = object
    }

    /// Removes the object named `name`, if present.
    mutating func remove(_ name: String) {
        guard let (c, i) = place(of: name) else { return }
        count -= 1
        chunks[c].remove(at: i)
        if chunks[c].isEmpty { chunks.remove(at: c) }
    }

    /// Calls `body` with each object named after `after` (all of them when nil), in order, until it returns
    /// false.
    func forEach(after: String?, _ body: (StoredObject) -> Bool) {
        var c = 0, i = 0
        if let after {
            c = chunkIndex(for: after)
            if c < chunks.count { i = Self.upperBound(after, in: chunks[c]) }
        }
        while c < chunks.count {
            for object in chunks[c][i...] where !body(object) { return }
            c += 1
            i = 0
        }
    }

    private func place(of name: String) -> (chunk: Int, index: Int)? {
        let c = chunkIndex(for: name)
        guard c < chunks.count else { return nil }
        let i = Self.lowerBound(name, in: chunks[c])
        guard i < chunks[c].count, chunks[c][i].key.name == name else { return nil }
        return (c, i)
    }

    /// The first chunk whose last name is not less than `name` (chunks.count when there is none).
    private func chunkIndex(for name: String) -> Int {
        var low = 0, high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if chunks[mid].last!.key.name < name { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose object's name is not less than `name`.
    private static func lowerBound(_ name: String, in chunk: [StoredObject]) -> Int {
        var low = 0, high = chunk.count
        while low < high {
            let mid = (low + high) / 2
            if chunk[mid].key.name < name { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose object's name is greater than `name`.
    private static func upperBound(_ name: String, in chunk: [StoredObject]) -> Int {
        var low = 0, high = chunk.count
        while low < high {
            let mid = (low + high) / 2
            if chunk[mid].key.name <= name { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
