import Testing
@testable import Storage

@Suite struct SortedObjectsTests {
    /// Enough names for many chunks, inserted and removed in a scrambled order: the walk always matches
    /// a plainly sorted array, from the start and after any name (present or not).
    @Test func walksInOrderAcrossChunksAfterInsertsAndRemovals() {
        var names = SortedObjects()
        var reference: [String] = []
        var generator = SplitMix(seed: 42)
        for _ in 0..<5_000 {
            let name = "n-\(generator.next() % 100_000)"
            guard !reference.contains(name) else { continue }
            names.insert(object(name))
            reference.append(name)
        }
        for name in reference.shuffled(using: &generator).prefix(2_000) {
            names.remove(name)
            reference.removeAll { $0 == name }
        }
        reference.sort()
        #expect(names.count == reference.count)
        #expect(walk(names, after: nil) == reference)
        for probe in [
            reference[0], reference[511], reference[512], reference[reference.count / 2], reference.last!, "n-5", "a",
            "z",
        ] {
            #expect(walk(names, after: probe) == reference.filter { $0 > probe }, "after \(probe)")
        }
    }

    @Test func stopsWhenTheBodySaysSo() {
        var names = SortedObjects()
        for i in 0..<2_000 { names.insert(object("n\(10_000 + i)")) }  // equal lengths: text order is number order
        var seen: [String] = []
        names.forEach(after: "n10510") {
            seen.append($0.key.name); return seen.count < 5
        }
        #expect(seen == ["n10511", "n10512", "n10513", "n10514", "n10515"])
    }

    @Test func removingEverythingLeavesItEmpty() {
        var names = SortedObjects()
        for i in 0..<1_500 { names.insert(object("x\(i)")) }
        for i in 0..<1_500 { names.remove("x\(i)") }
        names.remove("absent")
        #expect(names.count == 0 && walk(names, after: nil).isEmpty)
        names.insert(object("again"))
        #expect(walk(names, after: nil) == ["again"])
    }

    /// A new version takes the old one's place: the walk shows it, in the same position.
    @Test func replacingKeepsThePlace() {
        var names = SortedObjects()
        for i in 0..<1_200 { names.insert(object("r\(10_000 + i)")) }
        let newer = object("r10700", revision: 2)
        names.replace(newer)
        var found: [StoredObject] = []
        names.forEach(after: "r10699") {
            found.append($0); return found.count < 2
        }
        #expect(found.map(\.key.name) == ["r10700", "r10701"] && found[0] === newer && names.count == 1_200)
    }

    private func object(_ name: String, revision: Int64 = 1) -> StoredObject {
        StoredObject(
            key: ObjectKey(resource: "pods", namespace: "ns", name: name), uid: "", labels: [:], fields: [:],
            value: [], createRevision: 1, modRevision: revision)
    }

    private func walk(_ names: SortedObjects, after: String?) -> [String] {
        var out: [String] = []
        names.forEach(after: after) {
            out.append($0.key.name); return true
        }
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
