import Testing
@testable import KubeAPI

/// Helpers the Patch*Tests files share (the file name follows theirs). Fixtures are JSON text so each case
/// reads like the request and object it stands for.
enum PatchFixture {
    struct BadFixture: Error, CustomStringConvertible {
        var description: String
    }

    static func json(_ text: String) throws -> JSONValue {
        do throws(JSONParser.Failure) { return try JSONParser.parse(Substring(text)) } catch {
            throw BadFixture(description: "fixture is not JSON (\(error.message)): \(text)")
        }
    }

    static func apply(_ type: PatchType, _ patch: String, to original: String, kind: String = "Pod") throws -> JSONValue
    {
        try Patcher.apply(type, patch: Array(patch.utf8), to: try json(original), kind: kind)
    }

    /// The error a patch fails with, or nil if it applies.
    static func failure(_ type: PatchType, _ patch: String, to original: String, kind: String = "Pod") throws
        -> PatchError?
    {
        let object = try json(original)
        do throws(PatchError) {
            _ = try Patcher.apply(type, patch: Array(patch.utf8), to: object, kind: kind)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Patch fixtures")
struct PatchFixturesTests {
    // The helpers compare with JSONValue's ==, which ignores key order but not element order; if that changed,
    // every ordering assertion in the Patch tests would silently weaken.
    @Test func equalityIgnoresKeyOrderButNotElementOrder() throws {
        #expect(try PatchFixture.json(#"{"a":1,"b":[1,2]}"#) == PatchFixture.json(#"{"b":[1,2],"a":1}"#))
        #expect(try PatchFixture.json(#"{"b":[2,1]}"#) != PatchFixture.json(#"{"b":[1,2]}"#))
    }
}
