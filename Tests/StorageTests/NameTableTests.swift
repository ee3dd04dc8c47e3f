import Testing
@testable import Storage

@Suite struct NameTableTests {
    /// Inserts, replacements and removals in a scrambled order, checked after each step against a
    /// dictionary: every present name is found (removals shift probe chains back), no absent one is.
    @Test func agreesWithADictionaryThroughInsertsReplacementsAndRemovals() {
        var table = NameTable()
        var reference: [String: StoredObject] = [:]
        var generator = SplitMix(seed: 7)
        for step in 0..<20_000 {
            let name = "n-\(generator.next() % 3_000)"
            if generator.next() % 3 == 0 {
                #expect(table.remove(name) === reference.removeValue(forKey: name), "remove \(name)")
            } else {
                let object = Self.object(name, revision: Int64(step))
                #expect(table.put(object) === reference.updateValue(object, forKey: name), "put \(name)")
            }
            if step % 1_000 == 0 {
                #expect(table.count == reference.count)
                for i in 0..<3_000 {
                    let probe = "n-\(i)"
                    #expect(table.get(probe) === reference[probe], "get \(probe) at step \(step)")
                }
            }
        }
    }

    @Test func emptyTableFindsAndRemovesNothing() {
        var table = NameTable()
        #expect(table.get("a") == nil && table.remove("a") == nil && table.isEmpty)
        table.put(Self.object("a"))
        #expect(table.remove("a") != nil && table.isEmpty && table.get("a") == nil)
    }

    static func object(_ name: String, revision: Int64 = 1) -> StoredObject {
        StoredObject(
            key: ObjectKey(resource: "pods", namespace: "ns", name: name), uid: "", labels: [:], fields: [:],
            value: [], createRevision: 1, modRevision: revision)
    }
}
