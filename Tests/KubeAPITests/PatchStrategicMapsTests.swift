import Testing
@testable import KubeAPI

/// Strategic merge patch on maps and scalars: maps merge key by key, null deletes, a value for an absent
/// field is taken as given (less its nulls and directives).
@Suite("Patch: strategic merge maps")
struct PatchStrategicMapsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var kind = "Pod"
        var original: String
        var patch: String
        var expected: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "labels: null deletes, new ones are added, others stay",
            original: #"{"metadata":{"labels":{"app":"web","tier":"fe","env":"prod"}}}"#,
            patch: #"{"metadata":{"labels":{"tier":null,"team":"a"}}}"#,
            expected: #"{"metadata":{"labels":{"app":"web","env":"prod","team":"a"}}}"#),
        Case(
            name: "null for an absent key is dropped, not stored", original: #"{"metadata":{"name":"x"}}"#,
            patch: #"{"metadata":{"labels":null}}"#, expected: #"{"metadata":{"name":"x"}}"#),
        Case(
            name: "ConfigMap data merges key by key", kind: "ConfigMap",
            original: #"{"data":{"a":"1","b":"2"}}"#, patch: #"{"data":{"b":null,"c":"3"}}"#,
            expected: #"{"data":{"a":"1","c":"3"}}"#),
        Case(
            name: "a new map loses its nulls", original: #"{"spec":{}}"#,
            patch: #"{"spec":{"securityContext":{"runAsUser":1000,"runAsGroup":null}}}"#,
            expected: #"{"spec":{"securityContext":{"runAsUser":1000}}}"#),
        Case(
            name: "a scalar replaced by a map", original: #"{"spec":{"x":"1"}}"#,
            patch: #"{"spec":{"x":{"y":1,"z":null}}}"#,
            expected: #"{"spec":{"x":{"y":1}}}"#),
        Case(
            name: "a map replaced by a scalar", original: #"{"spec":{"x":{"y":1}}}"#, patch: #"{"spec":{"x":"1"}}"#,
            expected: #"{"spec":{"x":"1"}}"#),
        Case(
            name: "a list replaced by a map", original: #"{"spec":{"x":[1]}}"#, patch: #"{"spec":{"x":{"y":1}}}"#,
            expected: #"{"spec":{"x":{"y":1}}}"#),
        Case(
            name: "a number replaces a string", original: #"{"spec":{"replicas":"2"}}"#,
            patch: #"{"spec":{"replicas":3}}"#,
            expected: #"{"spec":{"replicas":3}}"#),
        Case(name: "a null patch changes nothing", original: #"{"a":1}"#, patch: "null", expected: #"{"a":1}"#),
        Case(
            name: "an empty patch changes nothing", original: #"{"a":{"b":[1,2]}}"#, patch: "{}",
            expected: #"{"a":{"b":[1,2]}}"#),
    ])
    func merges(_ c: Case) throws {
        let result = try PatchFixture.apply(.strategic, c.patch, to: c.original, kind: c.kind)
        #expect(result == (try PatchFixture.json(c.expected)), "got \(result.text)")
    }

    // Key order is kept: a patched object reads like the original, new keys last.
    @Test func keysKeepTheirPlaces() throws {
        let result = try PatchFixture.apply(
            .strategic, #"{"metadata":{"labels":{"z":"1","a":"2"}}}"#,
            to: #"{"metadata":{"name":"x","labels":{"a":"1","m":"1"},"uid":"u"}}"#)
        #expect(result.text == #"{"metadata":{"name":"x","labels":{"a":"2","m":"1","z":"1"},"uid":"u"}}"#)
    }
}
