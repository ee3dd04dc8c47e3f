import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// update and patch over a real store, in-process: the resourceVersion precondition, the three patch types,
/// bad patches, dry run.
@Suite("REST in-process: update and patch")
struct RESTUpdateTests {
    static let path = "/api/v1/namespaces/default/configmaps/cm"

    @Test func updateWithTheVersionReadThenAStaleOneIs409() throws {
        let api = try RESTFixture()
        let created = try api.configMap("cm", data: #"{"k":"v"}"#)
        let rv = try #require(created.resourceVersion)
        let updated = try api.put(
            Self.path, #"{"metadata":{"name":"cm","resourceVersion":"\#(rv)"},"data":{"k":"v2"}}"#)
        #expect(updated.code == 200)
        #expect(updated.json[["data", "k"]]?.string == "v2")
        #expect(updated.json[["metadata", "uid"]] == created[["metadata", "uid"]])
        #expect(updated.json[["metadata", "creationTimestamp"]] == created[["metadata", "creationTimestamp"]])
        #expect(Int(updated.json.resourceVersion ?? "") ?? 0 > Int(rv) ?? 0)
        let stale = try api.put(Self.path, #"{"metadata":{"name":"cm","resourceVersion":"\#(rv)"},"data":{}}"#)
        #expect(stale.code == 409)
        #expect(stale.reason == "Conflict")
        #expect(
            stale.message
                == #"Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again"#
        )
        #expect(try api.get(Self.path).json[["data", "k"]]?.string == "v2")
    }

    @Test func updateChecksTheNameAndTheObjectsExistence() throws {
        let api = try RESTFixture()
        try api.configMap("cm")
        let renamed = try api.put(Self.path, #"{"metadata":{"name":"other"}}"#)
        #expect(renamed.code == 400)
        #expect(renamed.message == "the name of the object (other) does not match the name on the URL (cm)")
        #expect(try api.put("/api/v1/namespaces/default/configmaps/gone", #"{"metadata":{"name":"gone"}}"#).code == 404)
        let dry = try api.put(Self.path + "?dryRun=All", #"{"metadata":{"name":"cm"},"data":{"dry":"yes"}}"#)
        #expect(dry.code == 200)
        #expect(dry.json[["data", "dry"]]?.string == "yes")
        #expect(try api.get(Self.path).json["data"]?.members?.isEmpty != false)
    }

    @Test func mergeJSONAndStrategicPatches() throws {
        let api = try RESTFixture()
        try api.configMap("cm", data: #"{"a":"1","b":"2"}"#)
        let merged = try api.patch(Self.path, #"{"data":{"a":null,"c":"3"}}"#, type: "application/merge-patch+json")
        #expect(merged.code == 200)
        #expect(merged.json["data"] == (try JSONParser.parse(Array(#"{"b":"2","c":"3"}"#.utf8))))
        let json = try api.patch(
            Self.path, #"[{"op":"add","path":"/data/d","value":"4"},{"op":"remove","path":"/data/b"}]"#,
            type: "application/json-patch+json")
        #expect(json.code == 200)
        #expect(json.json["data"]?.members?.map(\.key).sorted() == ["c", "d"])

        let pod =
            #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"nginx:1"},{"name":"side","image":"envoy:1"}]}}"#
        #expect(try api.post("/api/v1/namespaces/default/pods", pod).code == 201)
        let strategic = try api.patch(
            "/api/v1/namespaces/default/pods/p", #"{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}"#,
            type: "application/strategic-merge-patch+json")
        #expect(strategic.code == 200)
        let containers = strategic.json[["spec", "containers"]]?.array ?? []
        #expect(containers.map { $0["name"]?.string } == ["app", "side"])  // merged by name, not replaced
        #expect(containers.map { $0["image"]?.string } == ["nginx:2", "envoy:1"])
    }

    @Test func badPatchesAreRefused() throws {
        let api = try RESTFixture()
        try api.configMap("cm", data: #"{"a":"1"}"#)
        let notJSON = try api.patch(Self.path, "{nope", type: "application/merge-patch+json")
        #expect(notJSON.code == 400)  // unreadable: kube's 400
        #expect(notJSON.reason == "BadRequest")
        let failedTest = try api.patch(
            Self.path, #"[{"op":"test","path":"/data/a","value":"2"}]"#, type: "application/json-patch+json")
        #expect(failedTest.code == 422)  // readable but does not apply to this object: kube's 422
        #expect(failedTest.reason == "Invalid")
        let renamed = try api.patch(Self.path, #"{"metadata":{"name":"other"}}"#, type: "application/merge-patch+json")
        #expect(renamed.code == 400)
        #expect(renamed.message == #"metadata.name: Invalid value: "other": field is immutable"#)
        let media = try api.patch(Self.path, "{}", type: "application/json")
        #expect(media.code == 415)
        #expect(
            try api.patch("/api/v1/namespaces/default/configmaps/gone", "{}", type: "application/merge-patch+json").code
                == 404)
        #expect(try api.get(Self.path).json[["data", "a"]]?.string == "1")
    }

    @Test func aPatchWithAStaleResourceVersionIs409AndDryRunStoresNothing() throws {
        let api = try RESTFixture()
        let created = try api.configMap("cm")
        _ = try api.patch(Self.path, #"{"data":{"x":"1"}}"#, type: "application/merge-patch+json")
        let stale = try api.patch(
            Self.path, #"{"metadata":{"resourceVersion":"\#(created.resourceVersion ?? "")"},"data":{"x":"2"}}"#,
            type: "application/merge-patch+json")
        #expect(stale.code == 409)
        let revision = api.store.revision
        let dry = try api.patch(Self.path + "?dryRun=All", #"{"data":{"x":"3"}}"#, type: "application/merge-patch+json")
        #expect(dry.json[["data", "x"]]?.string == "3")
        #expect(api.store.revision == revision)
        #expect(try api.get(Self.path).json[["data", "x"]]?.string == "1")
    }
}
