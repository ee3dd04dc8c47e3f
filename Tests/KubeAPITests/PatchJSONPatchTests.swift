import Testing
@testable import KubeAPI

/// application/json-patch+json: RFC 6902 as gopkg.in/evanphx/json-patch.v4 applies it for kube-apiserver.
@Suite("Patch: JSON patch")
struct PatchJSONPatchTests {
    static let pod = #"""
        {"metadata":{"name":"web","labels":{"app":"web"},"annotations":{"example.com/owner":"ops","a~b":"tilde"}},
         "spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}],"tolerations":null}}
        """#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var patch: String
        /// Where to look in the result, and what must be there (nil: absent).
        var path: [String]
        var expected: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "add a member", patch: #"[{"op":"add","path":"/metadata/labels/tier","value":"fe"}]"#,
            path: ["metadata", "labels"], expected: #"{"app":"web","tier":"fe"}"#),
        Case(
            name: "add replaces an existing member",
            patch: #"[{"op":"add","path":"/metadata/labels/app","value":"api"}]"#,
            path: ["metadata", "labels"], expected: #"{"app":"api"}"#),
        Case(
            name: "add inserts at an index",
            patch: #"[{"op":"add","path":"/spec/containers/1","value":{"name":"c"}}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"a","image":"x"},{"name":"c"},{"name":"b","image":"y"}]"#
        ),
        Case(
            name: "add appends with -", patch: #"[{"op":"add","path":"/spec/containers/-","value":{"name":"c"}}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"a","image":"x"},{"name":"b","image":"y"},{"name":"c"}]"#
        ),
        Case(
            name: "a missing value adds null", patch: #"[{"op":"add","path":"/metadata/x"}]"#,
            path: ["metadata", "x"], expected: "null"),
        Case(
            name: "replace an element's member",
            patch: #"[{"op":"replace","path":"/spec/containers/0/image","value":"x2"}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"a","image":"x2"},{"name":"b","image":"y"}]"#),
        Case(
            name: "replace of a missing member adds it (v4 quirk)",
            patch: #"[{"op":"replace","path":"/metadata/labels/new","value":"v"}]"#,
            path: ["metadata", "labels"], expected: #"{"app":"web","new":"v"}"#),
        Case(
            name: "remove a member", patch: #"[{"op":"remove","path":"/metadata/labels/app"}]"#,
            path: ["metadata", "labels"], expected: "{}"),
        Case(
            name: "remove an element", patch: #"[{"op":"remove","path":"/spec/containers/0"}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"b","image":"y"}]"#),
        Case(
            name: "negative indexes count from the end", patch: #"[{"op":"remove","path":"/spec/containers/-1"}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"a","image":"x"}]"#),
        Case(
            name: "~1 in a pointer is /",
            patch: #"[{"op":"replace","path":"/metadata/annotations/example.com~1owner","value":"dev"}]"#,
            path: ["metadata", "annotations", "example.com/owner"], expected: #""dev""#),
        Case(
            name: "~0 in a pointer is ~", patch: #"[{"op":"remove","path":"/metadata/annotations/a~0b"}]"#,
            path: ["metadata", "annotations", "a~b"], expected: nil),
        Case(
            name: "move a member",
            patch: #"[{"op":"move","from":"/metadata/labels/app","path":"/metadata/labels/role"}]"#,
            path: ["metadata", "labels"], expected: #"{"role":"web"}"#),
        Case(
            name: "move an element", patch: #"[{"op":"move","from":"/spec/containers/0","path":"/spec/containers/-"}]"#,
            path: ["spec", "containers"], expected: #"[{"name":"b","image":"y"},{"name":"a","image":"x"}]"#),
        Case(
            name: "copy a member", patch: #"[{"op":"copy","from":"/metadata/name","path":"/metadata/labels/name"}]"#,
            path: ["metadata", "labels"], expected: #"{"app":"web","name":"web"}"#),
        Case(
            name: "a passing test lets the rest apply",
            patch:
                #"[{"op":"test","path":"/metadata/labels/app","value":"web"},{"op":"replace","path":"/metadata/labels/app","value":"api"}]"#,
            path: ["metadata", "labels", "app"], expected: #""api""#),
        Case(
            name: "test treats a null member as null",
            patch: #"[{"op":"test","path":"/spec/tolerations","value":null}]"#,
            path: ["metadata", "name"], expected: #""web""#),
        Case(
            name: "test treats a missing member as null",
            patch: #"[{"op":"test","path":"/spec/nothing","value":null}]"#,
            path: ["metadata", "name"], expected: #""web""#),
        Case(
            name: "test compares objects whatever their key order",
            patch: #"[{"op":"test","path":"/spec/containers/1","value":{"image":"y","name":"b"}}]"#,
            path: ["metadata", "name"], expected: #""web""#),
        Case(
            name: "operations apply in order",
            patch: #"""
                [{"op":"add","path":"/metadata/labels/x","value":"1"},{"op":"copy","from":"/metadata/labels/x","path":"/metadata/labels/y"},
                 {"op":"remove","path":"/metadata/labels/x"}]
                """#, path: ["metadata", "labels"], expected: #"{"app":"web","y":"1"}"#),
        Case(
            name: "a null patch changes nothing", patch: "null", path: ["metadata", "labels"],
            expected: #"{"app":"web"}"#),
    ])
    func applies(_ c: Case) throws {
        let result = try PatchFixture.apply(.json, c.patch, to: Self.pod)
        let expected = try c.expected.map(PatchFixture.json)
        #expect(result[c.path] == expected, "got \(result.text)")
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var patch: String
        var detail: String
        var testDescription: String { name }
    }

    // kube answers every operation that does not apply with 422 and a fixed message; the library's own words
    // are kept in `detail`.
    @Test(arguments: [
        Failure(
            name: "test of a different value", patch: #"[{"op":"test","path":"/metadata/labels/app","value":"api"}]"#,
            detail: "testing value /metadata/labels/app failed: test failed"),
        Failure(
            name: "test that 1 is 1.0 (numbers compare as written)",
            patch: #"[{"op":"add","path":"/metadata/n","value":1},{"op":"test","path":"/metadata/n","value":1.0}]"#,
            detail: "testing value /metadata/n failed: test failed"),
        Failure(
            name: "test of a missing member against a value",
            patch: #"[{"op":"test","path":"/metadata/labels/x","value":"v"}]"#,
            detail: "testing value /metadata/labels/x failed: test failed"),
        Failure(
            name: "remove of a missing member", patch: #"[{"op":"remove","path":"/metadata/labels/x"}]"#,
            detail: "error in remove for path: '/metadata/labels/x': Unable to remove nonexistent key: x: missing value"
        ),
        Failure(
            name: "add under a missing parent", patch: #"[{"op":"add","path":"/spec/missing/x","value":1}]"#,
            detail: #"add operation does not apply: doc is missing path: "/spec/missing/x": missing value"#),
        Failure(
            name: "add under a null parent", patch: #"[{"op":"add","path":"/spec/tolerations/0","value":{}}]"#,
            detail: #"add operation does not apply: doc is missing path: "/spec/tolerations/0": missing value"#),
        Failure(
            name: "add past the end", patch: #"[{"op":"add","path":"/spec/containers/5","value":{}}]"#,
            detail:
                "error in add for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced"
        ),
        Failure(
            name: "add at a non-index", patch: #"[{"op":"add","path":"/spec/containers/x","value":{}}]"#,
            detail:
                #"error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax"#
        ),
        Failure(
            name: "replace past the end", patch: #"[{"op":"replace","path":"/spec/containers/2","value":{}}]"#,
            detail: "replace operation does not apply: doc is missing key: /spec/containers/2: missing value"),
        Failure(
            name: "the whole document as the path", patch: #"[{"op":"add","path":"","value":{}}]"#,
            detail: #"add operation does not apply: doc is missing path: "": missing value"#),
        Failure(
            name: "move from a missing member",
            patch: #"[{"op":"move","from":"/metadata/labels/x","path":"/metadata/y"}]"#,
            detail: "error in move for path: 'x': Unable to remove nonexistent key: x: missing value"),
        Failure(name: "an unknown op", patch: #"[{"op":"frob","path":"/a"}]"#, detail: "Unexpected kind: frob"),
        Failure(name: "an op without op", patch: #"[{"path":"/a"}]"#, detail: "Unexpected kind: unknown"),
        Failure(
            name: "replace without a path", patch: #"[{"op":"replace","value":1}]"#,
            detail: "replace operation failed to decode path: operation missing path field: missing value"),
    ])
    func failsAsKubeDoes(_ f: Failure) throws {
        let error = try #require(try PatchFixture.failure(.json, f.patch, to: Self.pod))
        #expect(error.code == 422)
        #expect(error.reason == "Invalid")
        #expect(error.message == "the server rejected our request due to an error in our request")
        #expect(error.detail == f.detail)
        #expect(!error.isInvalidPatch)
    }

    struct BadPatch: Sendable, CustomTestStringConvertible {
        var name: String
        var patch: String
        var message: String?
        var testDescription: String { name }
    }

    // A body that is not a JSON patch at all is a 400, with Go's decoding error where kube shows one.
    @Test(arguments: [
        BadPatch(
            name: "an object instead of a list", patch: #"{"op":"add"}"#,
            message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
        BadPatch(
            name: "a list of strings", patch: #"["add"]"#,
            message: "json: cannot unmarshal string into Go value of type jsonpatch.Operation"),
        BadPatch(name: "not JSON", patch: #"[{"op":"add",}]"#, message: nil),
    ])
    func unreadablePatchesAreBadRequests(_ b: BadPatch) throws {
        let error = try #require(try PatchFixture.failure(.json, b.patch, to: Self.pod))
        #expect(error.code == 400)
        #expect(error.reason == "BadRequest")
        #expect(error.isInvalidPatch)
        if let message = b.message { #expect(error.message == message) }
    }

    @Test func moreThanTenThousandOperationsAreTooLarge() throws {
        let op = #"{"op":"test","path":"/metadata/name","value":"web"}"#
        let patch = "[" + Array(repeating: op, count: 10_001).joined(separator: ",") + "]"
        let error = try #require(try PatchFixture.failure(.json, patch, to: Self.pod))
        #expect(error.code == 413)
        #expect(error.reason == "RequestEntityTooLarge")
        #expect(
            error.message
                == "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001")
        // The limit itself is allowed.
        let atLimit = "[" + Array(repeating: op, count: 10_000).joined(separator: ",") + "]"
        #expect(try PatchFixture.failure(.json, atLimit, to: Self.pod) == nil)
    }

    // Replacing the whole document with something other than an object cannot be stored.
    @Test func replacingTheDocumentWithAnArrayIsInvalid() throws {
        let error = try #require(
            try PatchFixture.failure(.json, #"[{"op":"replace","path":"","value":[1]}]"#, to: Self.pod))
        #expect(error.code == 422)
        #expect(error.message.hasPrefix(#" "" is invalid: patch: Invalid value: "[1]""#))
    }
}
