import Testing
@testable import KubeAPI

/// The directives of a strategic merge patch: $patch (replace, delete, merge), $retainKeys,
/// $deleteFromPrimitiveList/<field> and $setElementOrder/<field>.
@Suite("Patch: strategic merge directives")
struct PatchStrategicDirectivesTests {
    static let pod = #"""
        {"metadata":{"name":"web","labels":{"app":"web","tier":"fe"},"finalizers":["a","b","c"]},
         "spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"},{"name":"c","image":"z"}],
          "securityContext":{"runAsUser":1000,"fsGroup":2000},
          "volumes":[{"name":"data","emptyDir":{"medium":"Memory"}},{"name":"conf","configMap":{"name":"c1"}}]}}
        """#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var patch: String
        var path: [String]
        /// nil: the field must be absent.
        var expected: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "$patch: replace on a map replaces it",
            patch: #"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#,
            path: ["metadata", "labels"], expected: #"{"only":"this"}"#),
        Case(
            name: "$patch: delete on a map empties it", patch: #"{"spec":{"securityContext":{"$patch":"delete"}}}"#,
            path: ["spec", "securityContext"], expected: "{}"),
        Case(
            name: "$patch: replace in a list replaces the list",
            patch: #"{"spec":{"containers":[{"name":"n","image":"new"},{"$patch":"replace"}]}}"#,
            path: ["spec", "containers"], expected: #"[{"name":"n","image":"new"}]"#),
        Case(
            name: "a directive aimed at an absent map leaves nothing",
            patch: #"{"metadata":{"annotations":{"$patch":"replace","a":"b"}}}"#, path: ["metadata", "annotations"],
            expected: nil),
        // $retainKeys: the volume becomes a hostPath one; the emptyDir source it had is cleared.
        Case(
            name: "$retainKeys clears what it does not list",
            patch:
                #"{"spec":{"volumes":[{"name":"data","hostPath":{"path":"/srv"},"$retainKeys":["hostPath","name"]}]}}"#,
            path: ["spec", "volumes"],
            expected: #"[{"name":"data","hostPath":{"path":"/srv"}},{"name":"conf","configMap":{"name":"c1"}}]"#),
        Case(
            name: "$retainKeys allows nulls for keys it does not list",
            patch: #"{"spec":{"securityContext":{"$retainKeys":["runAsUser"],"fsGroup":null}}}"#,
            path: ["spec", "securityContext"], expected: #"{"runAsUser":1000}"#),
        Case(
            name: "$deleteFromPrimitiveList removes finalizers",
            patch: #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","zz"]}}"#,
            path: ["metadata", "finalizers"], expected: #"["a","c"]"#),
        Case(
            name: "$deleteFromPrimitiveList with an addition",
            patch: #"{"metadata":{"finalizers":["d"],"$deleteFromPrimitiveList/finalizers":["a"]}}"#,
            path: ["metadata", "finalizers"], expected: #"["d","b","c"]"#),
        Case(
            name: "$deleteFromPrimitiveList on an absent list changes nothing",
            patch: #"{"spec":{"$deleteFromPrimitiveList/args":["x"]}}"#, path: ["spec", "args"], expected: nil),
        Case(
            name: "$setElementOrder reorders without other changes",
            patch: #"{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}"#,
            path: ["spec", "containers"],
            expected: #"[{"name":"c","image":"z"},{"name":"a","image":"x"},{"name":"b","image":"y"}]"#),
        Case(
            name: "$setElementOrder places a new container where it says",
            patch:
                #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"n"},{"name":"b"},{"name":"c"}],"containers":[{"name":"n","image":"new"}]}}"#,
            path: ["spec", "containers"],
            expected:
                #"[{"name":"a","image":"x"},{"name":"n","image":"new"},{"name":"b","image":"y"},{"name":"c","image":"z"}]"#
        ),
        // A server-only element goes before a listed one the server had after it (mergeSortedSlice).
        Case(
            name: "$setElementOrder keeps server-only elements in the server's order",
            patch:
                #"{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"}],"containers":[{"name":"a","image":"x2"}]}}"#,
            path: ["spec", "containers"],
            expected: #"[{"name":"b","image":"y"},{"name":"c","image":"z"},{"name":"a","image":"x2"}]"#),
        Case(
            name: "$setElementOrder orders a primitive list",
            patch: #"{"metadata":{"$setElementOrder/finalizers":["c","a","d","b"],"finalizers":["d"]}}"#,
            path: ["metadata", "finalizers"], expected: #"["c","a","d","b"]"#),
        Case(
            name: "$setElementOrder with a deletion",
            patch:
                #"{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"}],"containers":[{"name":"b","$patch":"delete"}]}}"#,
            path: ["spec", "containers"], expected: #"[{"name":"c","image":"z"},{"name":"a","image":"x"}]"#),
    ])
    func applies(_ c: Case) throws {
        let result = try PatchFixture.apply(.strategic, c.patch, to: Self.pod)
        #expect(result[c.path] == (try c.expected.map(PatchFixture.json)), "got \(result.text)")
    }

    // apimachinery's own fixture ("replace RawExtension field and merge list"): live [1, 3], order [1, 2],
    // patch [2] gives [1, 2, 3].
    @Test func setElementOrderMatchesTheUpstreamFixture() throws {
        let result = try PatchFixture.apply(
            .strategic,
            #"{"spec":{"$setElementOrder/containers":[{"name":"1"},{"name":"2"}],"containers":[{"name":"2"}]}}"#,
            to: #"{"spec":{"containers":[{"name":"1"},{"name":"3"}]}}"#)
        #expect(
            result[["spec", "containers"]] == (try PatchFixture.json(#"[{"name":"1"},{"name":"2"},{"name":"3"}]"#)))
    }

    // Directive keys never reach the stored object, even where kube would drop them in decoding.
    @Test func noDirectiveIsLeftInTheResult() throws {
        let patch = #"""
            {"spec":{"containers":[{"name":"n","image":"i","$setElementOrder/env":[{"name":"A"}],"env":[{"name":"A","value":"1"}]}],
                     "tolerations":[{"key":"k","$patch":"delete"}]},
             "metadata":{"labels":{"$patch":"replace","x":"y"}}}
            """#
        let result = try PatchFixture.apply(.strategic, patch, to: Self.pod)
        #expect(!result.text.contains("$"), "got \(result.text)")
        #expect(
            result[["spec", "containers"]]?.array?.first
                == (try PatchFixture.json(#"{"name":"n","image":"i","env":[{"name":"A","value":"1"}]}"#)))
    }

    // $patch: delete at the top empties the object (which the REST layer then refuses for lack of a name).
    @Test func deleteAtTheTopEmptiesTheObject() throws {
        #expect(try PatchFixture.apply(.strategic, #"{"$patch":"delete"}"#, to: Self.pod) == .object([]))
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var patch: String
        var code: Int
        var message: String
        var testDescription: String { name }
    }

    // Codes as kube-apiserver's interpretStrategicMergePatchError gives them: format errors are 400, lists of
    // lists 422, and the library's other errors reach the client unclassified as 500 with their own text.
    @Test(arguments: [
        Failure(
            name: "$retainKeys must list every key the patch sets",
            patch: #"{"spec":{"securityContext":{"$retainKeys":["runAsUser"],"fsGroup":3}}}"#,
            code: 400, message: "invalid patch format of retainKeys"),
        Failure(
            name: "$retainKeys must be a list", patch: #"{"spec":{"securityContext":{"$retainKeys":"runAsUser"}}}"#,
            code: 400, message: "invalid patch format of retainKeys"),
        Failure(
            name: "$deleteFromPrimitiveList needs a field",
            patch: #"{"metadata":{"$deleteFromPrimitiveListfinalizers":["a"]}}"#,
            code: 400, message: "invalid patch format of primitive list"),
        Failure(
            name: "$setElementOrder needs a field", patch: #"{"metadata":{"$setElementOrderfinalizers":["a"]}}"#,
            code: 400, message: "invalid patch format of setElementOrder list"),
        Failure(
            name: "$setElementOrder must agree with the patch's order",
            patch:
                #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b"},{"name":"a"}]}}"#,
            code: 500,
            message:
                "the order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]"
        ),
        Failure(
            name: "$patch: merge in a list is refused",
            patch: #"{"spec":{"containers":[{"name":"a","$patch":"merge"}]}}"#,
            code: 500, message: "merging lists cannot yet be specified in the patch"),
        Failure(
            name: "$patch: merge on a map is refused", patch: #"{"metadata":{"labels":{"$patch":"merge","x":"y"}}}"#,
            code: 500, message: "unknown patch type: merge in map: map[$patch:merge x:y]"),
        Failure(
            name: "an element without its merge key", patch: #"{"spec":{"containers":[{"image":"nginx"}]}}"#,
            code: 500, message: "map: map[image:nginx] does not contain declared merge key: name"),
        Failure(
            name: "a deletion without its merge key", patch: #"{"spec":{"containers":[{"$patch":"delete"}]}}"#,
            code: 500, message: "map: map[$patch:delete] does not contain declared merge key: name"),
        Failure(
            name: "mixed element types", patch: #"{"metadata":{"finalizers":[1]}}"#,
            code: 500, message: "list element types are not identical: [[a b c] [1]]"),
        Failure(
            name: "a list among strings", patch: #"{"metadata":{"finalizers":[["x"]]}}"#,
            code: 500, message: "list element types are not identical: [[a b c] [[x]]]"),
        Failure(
            name: "a patch that is not an object", patch: #"[{"op":"add"}]"#,
            code: 400, message: "json: cannot unmarshal array into Go value of type map[string]interface {}"),
    ])
    func failsAsKubeDoes(_ f: Failure) throws {
        let error = try #require(try PatchFixture.failure(.strategic, f.patch, to: Self.pod))
        #expect(error.code == f.code)
        #expect(error.message == f.message)
        #expect(error.isInvalidPatch == (f.code == 400))
    }

    // Only a list whose first element is a list is "lists of lists" (422); sliceElementType checks the first.
    @Test func listsOfListsAreUnprocessable() throws {
        let error = try #require(
            try PatchFixture.failure(
                .strategic, #"{"metadata":{"finalizers":[["x"]]}}"#,
                to: #"{"metadata":{"finalizers":[]}}"#))
        #expect(error.code == 422)
        #expect(error.reason == "Invalid")
        #expect(error.detail == "lists of lists are not supported")
    }

    @Test func unreadableJSONIsABadRequest() throws {
        let error = try #require(try PatchFixture.failure(.strategic, #"{"metadata":"#, to: Self.pod))
        #expect(error.code == 400)
        #expect(error.reason == "BadRequest")
    }
}
