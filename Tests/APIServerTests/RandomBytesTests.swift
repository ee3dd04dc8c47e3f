import Testing
@testable import APIServer

@Suite struct RandomBytesTests {
    /// Lower-case version 4 UUIDs with the RFC variant, all different, across many pool refills.
    @Test func uuidsAreVersion4AndUnique() {
        var seen = Set<String>()
        for _ in 0..<2_000 {  // 16 bytes each: about eight 4 KB blocks
            let uuid = RandomBytes.uuid()
            let chars = Array(uuid)
            #expect(chars.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { chars[$0] == "-" })
            #expect(uuid.allSatisfy { "0123456789abcdef-".contains($0) })
            #expect(chars[14] == "4")
            #expect("89ab".contains(chars[19]))
            seen.insert(uuid)
        }
        #expect(seen.count == 2_000)
    }

    @Test func bytesAreNeverHandedOutTwice() {
        let blocks = (0..<600).map { _ in RandomBytes.take(16) }  // more than two blocks' worth
        #expect(Set(blocks.map { $0.map(String.init).joined(separator: ",") }).count == blocks.count)
        #expect(!blocks.allSatisfy { $0 == blocks[0] })
    }

    /// Every letter of the alphabet shows up and nothing else: the generated-name suffixes.
    @Test func stringsUseTheWholeAlphabetAndOnlyIt() {
        var letters = Set<Character>()
        for _ in 0..<500 {
            let suffix = RandomBytes.string(count: 5, from: NameValidation.suffixAlphabet)
            #expect(suffix.count == 5)
            letters.formUnion(suffix)
        }
        #expect(letters == Set(NameValidation.suffixAlphabet))
    }

    @Test func generatedNamesKeepThePrefixAndFitALabel() {
        #expect(NameValidation.generatedName("job-").hasPrefix("job-"))
        #expect(NameValidation.generatedName("job-").count == 9)
        #expect(NameValidation.generatedName(String(repeating: "a", count: 70)).count == 63)
    }
}
