import Testing
@testable import KubeAPI

/// How patch failures reach the client: the Content-Type, the 415 for types not served, and the Status
/// (code, reason, message) each failure becomes.
@Suite("Patch: types and errors")
struct PatchErrorsTests {
    @Test(arguments: [
        ("application/json-patch+json", PatchType.json),
        ("application/merge-patch+json", .merge),
        ("application/strategic-merge-patch+json", .strategic),
        ("application/strategic-merge-patch+json; charset=utf-8", .strategic),
        ("application/apply-patch+yaml", .apply),
    ])
    func contentTypes(_ header: String, _ type: PatchType) {
        #expect(PatchType(contentType: header) == type)
    }

    // kube compares the media type exactly once parameters are dropped.
    @Test(arguments: ["application/json", "application/merge-patch", "text/plain", ""])
    func otherContentTypesAreNotPatches(_ header: String) {
        #expect(PatchType(contentType: header) == nil)
    }

    static let accepted =
        "the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml"

    // CBOR apply is refused as kube-apiserver 1.32 refuses it (its feature gate is off); YAML apply is the
    // field manager's, never the patcher's.
    @Test func cborApplyPatchesAreUnsupportedMediaType() throws {
        do {
            _ = try Patcher.apply(contentType: "application/apply-patch+cbor", patch: [], to: .object([]), kind: "Pod")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == 415)
            #expect(error.reason == "UnsupportedMediaType")
            #expect(error.message == Self.accepted)
            #expect(!error.isInvalidPatch)
        }
        #expect(throws: PatchError.self) { try Patcher.apply(.apply, patch: [], to: .object([]), kind: "Pod") }
    }

    @Test func unknownContentTypesAreUnsupportedMediaType() throws {
        #expect(throws: PatchError.self) {
            try Patcher.apply(contentType: "application/xml", patch: [], to: .object([]), kind: "Pod")
        }
        let result = try Patcher.apply(
            contentType: "application/merge-patch+json; charset=utf-8",
            patch: Array(#"{"a":1}"#.utf8), to: .object([]), kind: "Pod")
        #expect(result == .object([("a", .number("1"))]))
    }

    struct Mapping: Sendable, CustomTestStringConvertible {
        var name: String
        var type: PatchType
        var patch: String
        var code: Int
        var reason: String
        var testDescription: String { name }
    }

    // One failure of each kind, to the code and reason kube-apiserver gives it.
    @Test(arguments: [
        Mapping(name: "unreadable JSON patch", type: .json, patch: "{", code: 400, reason: "BadRequest"),
        Mapping(
            name: "failed JSON patch test", type: .json, patch: #"[{"op":"test","path":"/a","value":2}]"#, code: 422,
            reason: "Invalid"),
        Mapping(name: "null merge patch", type: .merge, patch: "null", code: 400, reason: "BadRequest"),
        Mapping(
            name: "bad $retainKeys", type: .strategic, patch: #"{"$retainKeys":"a"}"#, code: 400, reason: "BadRequest"),
        Mapping(
            name: "a merge list of objects without a merge key", type: .strategic,
            patch: #"{"metadata":{"finalizers":[{"x":1}]}}"#, code: 500, reason: ""),
    ])
    func statusOfEachFailure(_ m: Mapping) throws {
        let error = try #require(
            try PatchFixture.failure(m.type, m.patch, to: #"{"a":1,"metadata":{"finalizers":[{"y":1}]}}"#))
        #expect(error.code == m.code)
        #expect(error.reason == m.reason)
        #expect(error.isInvalidPatch == (m.code == 400))
        #expect(error.status == StatusError(code: m.code, reason: m.reason, message: error.message))
    }

    // The REST layer's patch seam gets Status errors it can answer with as they are.
    @Test func theCodecThrowsStatusErrors() throws {
        let original = JSONValue.object([("a", .number("1"))])
        #expect(throws: StatusError(code: 415, reason: "UnsupportedMediaType", message: Self.accepted)) {
            try Patcher.codec("application/apply-patch+cbor", [], original, "Pod")
        }
        #expect(
            throws: StatusError(
                code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")
        ) {
            try Patcher.codec(
                "application/json-patch+json", Array(#"[{"op":"remove","path":"/b"}]"#.utf8), original, "Pod")
        }
        #expect(
            try Patcher.codec("application/strategic-merge-patch+json", Array(#"{"b":2}"#.utf8), original, "Pod")
                == .object([("a", .number("1")), ("b", .number("2"))]))
    }

    // A failed patch leaves nothing half-applied: the caller's object is a value and the error carries no result.
    @Test func aFailureMidwayReturnsNoPartialResult() throws {
        let patch = #"[{"op":"add","path":"/b","value":1},{"op":"test","path":"/a","value":2}]"#
        let error = try #require(try PatchFixture.failure(.json, patch, to: #"{"a":1}"#))
        #expect(error.detail == "testing value /a failed: test failed")
    }
}
