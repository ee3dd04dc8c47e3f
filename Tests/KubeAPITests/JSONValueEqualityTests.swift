import Testing
@testable import KubeAPI

/// Equality of documents: key order never matters, element order always does, numbers compare by value;
/// objects of any size, in the same or another order, whatever path the comparison takes.
@Suite struct JSONValueEqualityTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    static func object(_ keys: [Int], change: Int? = nil) -> JSONValue {
        .object(keys.map { ("k\($0)", .object([("v", .int($0 == change ? -1 : $0))])) })
    }

    @Test(arguments: [3, 16, 17, 500])
    func objectsAreEqualInAnyKeyOrder(_ size: Int) {
        let keys = Array(0..<size)
        #expect(Self.object(keys) == Self.object(keys))
        #expect(Self.object(keys) == Self.object(keys.reversed()))
        // Same order up to the middle, then shuffled: the pairwise walk hands over to the lookup.
        let half = keys.prefix(size / 2) + keys.dropFirst(size / 2).reversed()
        #expect(Self.object(keys) == Self.object(Array(half)))
    }

    @Test(arguments: [3, 16, 17, 500])
    func objectsDifferingInOneValueOrKeyAreNotEqual(_ size: Int) {
        let keys = Array(0..<size)
        #expect(Self.object(keys) != Self.object(keys.reversed(), change: size - 1))
        #expect(Self.object(keys) != Self.object(keys, change: 0))
        var renamed = keys
        renamed[size / 2] = size
        #expect(Self.object(keys) != Self.object(renamed.reversed()))
        #expect(Self.object(keys) != Self.object(Array(keys.dropLast())))
    }

    @Test func numbersByValueArraysByOrder() throws {
        #expect(try parse(#"{"a":1.0,"b":[1,2]}"#) == parse(#"{"b":[1,2],"a":1}"#))
        #expect(try parse(#"{"a":[1,2]}"#) != parse(#"{"a":[2,1]}"#))
        #expect(try parse(#"{"a":null}"#) != parse(#"{"b":null}"#))
    }
}
