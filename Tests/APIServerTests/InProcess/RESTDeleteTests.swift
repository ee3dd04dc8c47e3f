import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// delete and deletecollection over a real store, in-process: preconditions, the namespace cascade,
/// selectors, dry run.
@Suite("REST in-process: delete and deletecollection")
struct RESTDeleteTests {
    static let path = "/api/v1/namespaces/default/configmaps/cm"

    @Test func deleteAnswersTheObjectAtItsDeletion() throws {
        let api = try RESTFixture()
        let created = try api.configMap("cm")
        let deleted = try api.delete(Self.path)
        #expect(deleted.code == 200)
        #expect(deleted.json.name == "cm")
        #expect(deleted.json[["metadata", "uid"]] == created[["metadata", "uid"]])
        #expect(deleted.json.resourceVersion == String(api.store.revision))
        #expect(deleted.json[["metadata", "deletionTimestamp"]]?.string != nil)
        #expect(try api.get(Self.path).code == 404)
        let again = try api.delete(Self.path)
        #expect(again.code == 404)
        #expect(again.message == #"configmaps "cm" not found"#)
    }

    @Test func preconditionsThatDoNotHoldAre409() throws {
        let api = try RESTFixture()
        let created = try api.configMap("cm")
        let uid = try #require(created[["metadata", "uid"]]?.string)
        let wrongUID = try api.delete(Self.path, #"{"preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}"#)
        #expect(wrongUID.code == 409)
        #expect(
            wrongUID.message
                == #"Operation cannot be fulfilled on configmaps "cm": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: \#(uid)"#
        )
        _ = try api.patch(Self.path, #"{"data":{"x":"1"}}"#, type: "application/merge-patch+json")
        let stale = try api.delete(
            Self.path, #"{"preconditions":{"resourceVersion":"\#(created.resourceVersion ?? "")"}}"#)
        #expect(stale.code == 409)
        #expect(try api.get(Self.path).code == 200)
        #expect(try api.delete(Self.path, #"{"preconditions":{"uid":"\#(uid)"}}"#).code == 200)
    }

    @Test func deleteOptionsThatAreNotJSONAre400() throws {
        let api = try RESTFixture()
        try api.configMap("cm")
        let bad = try api.delete(Self.path, "{bad")
        #expect(bad.code == 400)
        #expect(bad.message?.hasPrefix("error decoding DeleteOptions") == true)
        #expect(try api.get(Self.path).code == 200)
    }

    @Test func dryRunDeletesNothing() throws {
        let api = try RESTFixture()
        try api.configMap("cm")
        let dry = try api.delete(Self.path + "?dryRun=All")
        #expect(dry.code == 200)
        #expect(dry.json.name == "cm")
        #expect(try api.get(Self.path).code == 200)
    }

    @Test func deletingANamespaceDeletesWhatIsInIt() throws {
        let api = try RESTFixture()
        #expect(try api.post("/api/v1/namespaces", #"{"metadata":{"name":"team"}}"#).code == 201)
        try api.configMap("a", namespace: "team")
        #expect(try api.post("/api/v1/namespaces/team/secrets", #"{"metadata":{"name":"b"}}"#).code == 201)
        try api.configMap("kept")
        let deleted = try api.delete("/api/v1/namespaces/team")
        #expect(deleted.code == 200)
        #expect(try api.get("/api/v1/namespaces/team").code == 404)
        #expect(try api.get("/api/v1/namespaces/team/configmaps/a").code == 404)
        #expect(try api.get("/api/v1/namespaces/team/secrets/b").code == 404)
        #expect(try api.get("/api/v1/namespaces/default/configmaps/kept").code == 200)
    }

    @Test func deleteCollectionDeletesWhatTheSelectorMatches() throws {
        let api = try RESTFixture()
        try api.configMap("web-1", labels: #"{"app":"web"}"#)
        try api.configMap("web-2", labels: #"{"app":"web"}"#)
        try api.configMap("db", labels: #"{"app":"db"}"#)
        try api.configMap("web-elsewhere", namespace: "kube-system", labels: #"{"app":"web"}"#)
        let deleted = try api.delete("/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb")
        #expect(deleted.code == 200)
        #expect(deleted.json["kind"]?.string == "ConfigMapList")
        #expect(deleted.names.sorted() == ["web-1", "web-2"])
        #expect(try api.get("/api/v1/configmaps").names.sorted() == ["db", "web-elsewhere"])
    }
}
