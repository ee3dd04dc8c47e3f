import Testing
@testable import Storage

@Suite struct SortedNamesTests {
    /// Enough names for many chunks, inserted and removed in a scrambled order: the walk always matches
    /// a plainly sorted array, from the start and after any name (present or not).
    @Test func walksInOrderAcrossChunksAfterInsertsAndRemovals() {
        var names = SortedNames()
        var reference: [String] = []
        var generator = SplitMix(seed: 42)
        for _ in 0..<5_000 {
            let name = "n-\(generator.next() % 100_000)"
            guard !reference.contains(name) else { continue }
            names.insert(name)
            reference.append(name)
        }
        for name in reference.shuffled(using: &generator).prefix(2_000) {
            names.remove(name)
            reference.removeAll { $0 == name }
        }
        reference.sort()
        #expect(names.count == reference.count)
        #expect(walk(names, after: nil) == reference)
        for probe in [reference[0], reference[511], reference[512], reference[reference.count / 2], reference.last!, "n-5", "a", "z"] {
            #expect(walk(names, after: probe) == reference.filter { $0 > probe }, "after \(probe)")
        }
    }

    @Test func stopsWhenTheBodySaysSo() {
        var names = SortedNames()
        for i in 0..<2_000 { names.insert("n\(10_000 + i)") }  // equal lengths: text order is number order
        var seen: [String] = []
        names.forEach(after: "n10510") { seen.append($0); return seen.count < 5 }
        #expect(seen == ["n10511", "n10512", "n10513", "n10514", "n10515"])
    }

    @Test func removingEverythingLeavesItEmpty() {
        var names = SortedNames()
        for i in 0..<1_500 { names.insert("x\(i)") }
        for i in 0..<1_500 { names.remove("x\(i)") }
        names.remove("absent")
        #expect(names.count == 0 && walk(names, after: nil).isEmpty)
        names.insert("again")
        #expect(walk(names, after: nil) == ["again"])
    }

    private func walk(_ names: SortedNames, after: String?) -> [String] {
        var out: [String] = []
        names.forEach(after: after) { out.append($0); return true }
        return out
    }
}

/// A seeded generator, so a failure reproduces.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
