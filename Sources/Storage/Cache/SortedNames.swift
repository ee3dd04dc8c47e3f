/// A set of names in sorted order, for walking a namespace's objects in list order. The names live in
/// chunks of at most `chunkCapacity`, so inserting or removing one shifts the rest of its chunk, not every
/// later name: with one sorted array, each create in a namespace of 100,000 objects moved about 1.6 MB.
struct SortedNames {
    /// Big enough that walking stays a plain array walk, small enough that an insert shifts a few KB.
    static let chunkCapacity = 512

    /// Non-empty, each sorted, every name of one chunk before every name of the next.
    private var chunks: [[String]] = []
    private(set) var count = 0

    /// Inserts a name not already present.
    mutating func insert(_ name: String) {
        count += 1
        guard !chunks.isEmpty else {
            chunks.append([name])
            return
        }
        let c = min(chunkIndex(for: name), chunks.count - 1)  // past the last name: append to the last chunk
        chunks[c].insert(name, at: Self.lowerBound(name, in: chunks[c]))
        if chunks[c].count > Self.chunkCapacity {
            let upper = Array(chunks[c][(Self.chunkCapacity / 2)...])
            chunks[c].removeSubrange((Self.chunkCapacity / 2)...)
            chunks.insert(upper, at: c + 1)
        }
    }

    /// Removes a name that is present.
    mutating func remove(_ name: String) {
        let c = chunkIndex(for: name)
        guard c < chunks.count else { return }
        let i = Self.lowerBound(name, in: chunks[c])
        guard i < chunks[c].count, chunks[c][i] == name else { return }
        count -= 1
        chunks[c].remove(at: i)
        if chunks[c].isEmpty { chunks.remove(at: c) }
    }

    /// Calls `body` with each name after `after` (all of them when nil), in order, until it returns false.
    func forEach(after: String?, _ body: (String) -> Bool) {
        var c = 0, i = 0
        if let after {
            c = chunkIndex(for: after)
            if c < chunks.count { i = Self.upperBound(after, in: chunks[c]) }
        }
        while c < chunks.count {
            for name in chunks[c][i...] where !body(name) { return }
            c += 1
            i = 0
        }
    }

    /// The first chunk whose last name is not less than `name` (chunks.count when there is none).
    private func chunkIndex(for name: String) -> Int {
        var low = 0, high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if chunks[mid].last! < name { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose element is not less than `value`.
    static func lowerBound(_ value: String, in array: [String]) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose element is greater than `value`.
    static func upperBound(_ value: String, in array: [String]) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
