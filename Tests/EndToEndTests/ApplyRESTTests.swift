import Foundation
import Testing
import TestSupport

/// Server-side apply over HTTP, for what the engine's unit tests cannot see: the REST layer's memory of
/// unchanged applies, and the fields kube-apiserver's registry sets around the field manager.
@Suite("Server-side apply end to end")
struct ApplyRESTTests {
    typealias API = RESTTests.API
    static let apply = "application/apply-patch+yaml"

    func resourceVersion(_ a: RESTTests.Answer) -> String? {
        (a.json["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }

    func managers(_ a: RESTTests.Answer) -> [String] {
        ((a.json["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]] ?? []).compactMap {
            $0["manager"] as? String
        }
    }

    @Test func aRepeatedApplyIsAnsweredAsUnchangedOnlyWhileNothingElseChanged() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        let path = "/api/v1/namespaces/default/configmaps/c"
        let config = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}"#
        let created = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
        #expect(created.status == 201)
        let first = try #require(resourceVersion(created))
        for _ in 0..<3 {
            let again = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
            #expect(again.status == 200)
            #expect(resourceVersion(again) == first)
        }
        // Another manager applying the same bytes shares the field: a change of managedFields.
        let shared = try api.call("PATCH", path + "?fieldManager=b", config, contentType: Self.apply)
        #expect(managers(shared).sorted() == ["a", "b"])
        #expect(resourceVersion(shared) != first)
        // Someone edits the value: the same apply as before is evaluated again, and now conflicts.
        let edited = try api.call(
            "PATCH", path + "?fieldManager=editor", #"{"data":{"k":"edited"}}"#,
            contentType: "application/merge-patch+json")
        #expect((edited.json["data"] as? [String: String])?["k"] == "edited")
        let conflict = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
        #expect(conflict.status == 409)
        let restored = try api.call("PATCH", path + "?fieldManager=a&force=true", config, contentType: Self.apply)
        #expect(restored.status == 200)
        #expect((restored.json["data"] as? [String: String])?["k"] == "v")
        #expect(resourceVersion(restored) != resourceVersion(edited))
        // Strict validation is an option of its own: the same bytes are checked again under it.
        let strict = try api.call(
            "PATCH", path + "?fieldManager=a&force=true&fieldValidation=Strict", config, contentType: Self.apply)
        #expect(strict.status == 200)
        #expect(resourceVersion(strict) == resourceVersion(restored))
    }
}
