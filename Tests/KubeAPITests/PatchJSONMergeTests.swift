import Testing
@testable import KubeAPI

/// application/merge-patch+json: RFC 7386 as evanphx/json-patch v4 applies it for kube-apiserver.
@Suite("Patch: JSON merge patch")
struct PatchJSONMergeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var original: String
        var patch: String
        var expected: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "scalars replace, new keys are added", original: #"{"a":1,"b":2}"#, patch: #"{"b":3,"c":"x"}"#,
            expected: #"{"a":1,"b":3,"c":"x"}"#),
        Case(
            name: "null deletes a label", original: #"{"metadata":{"labels":{"app":"web","tier":"fe"}}}"#,
            patch: #"{"metadata":{"labels":{"tier":null}}}"#, expected: #"{"metadata":{"labels":{"app":"web"}}}"#),
        Case(
            name: "null for an absent key changes nothing", original: #"{"a":1}"#, patch: #"{"b":null}"#,
            expected: #"{"a":1}"#),
        Case(
            name: "arrays are replaced, not merged",
            original: #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
            patch: #"{"spec":{"containers":[{"name":"b","image":"z"}]}}"#,
            expected: #"{"spec":{"containers":[{"name":"b","image":"z"}]}}"#),
        Case(
            name: "objects merge recursively", original: #"{"spec":{"a":{"x":1,"y":2},"b":3}}"#,
            patch: #"{"spec":{"a":{"y":20,"z":30}}}"#, expected: #"{"spec":{"a":{"x":1,"y":20,"z":30},"b":3}}"#),
        Case(
            name: "a new object loses its nulls", original: #"{}"#, patch: #"{"a":{"b":null,"c":{"d":null,"e":1}}}"#,
            expected: #"{"a":{"c":{"e":1}}}"#),
        Case(
            name: "an object replacing a scalar loses its nulls", original: #"{"a":1}"#,
            patch: #"{"a":{"x":null,"y":2}}"#,
            expected: #"{"a":{"y":2}}"#),
        Case(
            name: "a new array loses null elements (library pruning)", original: #"{}"#, patch: #"{"a":[1,null,2]}"#,
            expected: #"{"a":[1,2]}"#),
        Case(
            name: "an array replacing an object keeps its nulls (library quirk)", original: #"{"a":{"x":1}}"#,
            patch: #"{"a":[null,1]}"#, expected: #"{"a":[null,1]}"#),
        Case(
            name: "an existing null member is filled like an absent one", original: #"{"a":null}"#,
            patch: #"{"a":{"b":null,"c":1}}"#, expected: #"{"a":{"c":1}}"#),
        Case(
            name: "an empty patch changes nothing", original: #"{"a":{"b":[1]}}"#, patch: "{}",
            expected: #"{"a":{"b":[1]}}"#),
    ])
    func merges(_ c: Case) throws {
        let result = try PatchFixture.apply(.merge, c.patch, to: c.original)
        #expect(result == (try PatchFixture.json(c.expected)), "got \(result.text)")
    }

    // The library answers every unreadable or null patch with one error, which kube turns into a 400.
    @Test(arguments: ["null", #""text""#, "12", "{", "", "true"])
    func unreadablePatchesAreBadRequests(_ patch: String) throws {
        let error = try #require(try PatchFixture.failure(.merge, patch, to: #"{"a":1}"#))
        #expect(error.code == 400)
        #expect(error.reason == "BadRequest")
        #expect(error.message == "Invalid JSON Patch")
        #expect(error.isInvalidPatch)
    }

    // An array patch replaces the whole document (RFC 7386), which cannot be stored as an object.
    @Test func anArrayPatchIsRefusedAsInvalid() throws {
        let error = try #require(try PatchFixture.failure(.merge, "[1,2]", to: #"{"a":1}"#))
        #expect(error.code == 422)
        #expect(error.reason == "Invalid")
        #expect(!error.isInvalidPatch)
    }
}

/// A key repeated in a patch: kube decodes patches into Go maps, so only its last value counts (found by
/// the patch fuzzer: share/fuzz/crashes/patch/strategic-repeated-key).
@Suite("patches with repeated keys")
struct PatchRepeatedKeyTests {
    static let pod = try! JSONParser.parse(
        Array(#"{"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"a"}]}}"#.utf8))

    @Test func theLastValueOfARepeatedKeyIsThePatch() throws {
        let merge = try Patcher.apply(
            .merge, patch: Array(#"{"metadata":{"labels":{"x":"1"}},"metadata":{"annotations":{"y":"2"}}}"#.utf8),
            to: Self.pod, kind: "Pod")
        #expect(merge[["metadata", "labels"]] == nil)
        #expect(merge[["metadata", "annotations", "y"]] == .string("2"))
        let strategic = try Patcher.apply(
            .strategic,
            patch: Array(
                #"{"spec":{"containers":[{"image":"keyless"}],"containers":[{"name":"c","image":"b"}]}}"#.utf8),
            to: Self.pod, kind: "Pod")
        #expect(
            strategic[["spec", "containers"]] == .array([.object([("name", .string("c")), ("image", .string("b"))])]))
    }
}
