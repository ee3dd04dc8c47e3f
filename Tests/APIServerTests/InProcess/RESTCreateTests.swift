import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// create over a real store, in-process: server-owned metadata, generateName, name and namespace rules,
/// AlreadyExists, dry run, field validation.
@Suite("REST in-process: create")
struct RESTCreateTests {
    @Test func createAnswers201WithTheServersMetadata() throws {
        let api = try RESTFixture()
        let created = try api.post(
            "/api/v1/namespaces/default/configmaps",
            #"{"metadata":{"name":"cm","creationTimestamp":null},"data":{"k":"v"}}"#)
        #expect(created.code == 201)
        #expect(created.header("Content-Type") == "application/json")
        #expect(created.json["kind"]?.string == "ConfigMap")  // a body without kind gets it
        #expect(created.json["apiVersion"]?.string == "v1")
        #expect(created.json[["metadata", "namespace"]]?.string == "default")
        #expect(created.json[["metadata", "uid"]]?.string?.count == 36)
        #expect(created.json[["metadata", "creationTimestamp"]]?.string?.hasSuffix("Z") == true)
        #expect(created.json.resourceVersion == String(api.store.revision))
        #expect(try api.get("/api/v1/namespaces/default/configmaps/cm").json == created.json)
    }

    @Test func generateNameDrawsANameFromThePrefix() throws {
        let api = try RESTFixture()
        let created = try api.post("/api/v1/namespaces/default/configmaps", #"{"metadata":{"generateName":"job-"}}"#)
        #expect(created.code == 201)
        let name = try #require(created.json.name)
        #expect(name.hasPrefix("job-") && name.count == 9)
        #expect(created.json[["metadata", "generateName"]]?.string == "job-")
        let nameless = try api.post("/api/v1/namespaces/default/configmaps", #"{"metadata":{}}"#)
        #expect(nameless.code == 422)
        #expect(
            nameless.json[["details", "causes"]]?.array?.first?["message"]?.string
                == "Required value: name or generateName is required")
    }

    @Test func anInvalidNameIs422WithItsCause() throws {
        let api = try RESTFixture()
        let invalid = try api.post("/api/v1/namespaces/default/secrets", #"{"metadata":{"name":"Not_Valid"}}"#)
        #expect(invalid.code == 422)
        #expect(invalid.reason == "Invalid")
        #expect(
            invalid.message?.hasPrefix(#"Secret "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": "#)
                == true)
        #expect(invalid.json[["details", "causes"]]?.array?.first?["field"]?.string == "metadata.name")
    }

    @Test func aNamespacedCreateNeedsItsNamespace() throws {
        let api = try RESTFixture()
        let ghost = try api.post("/api/v1/namespaces/ghost/configmaps", #"{"metadata":{"name":"x"}}"#)
        #expect(ghost.code == 404)
        #expect(ghost.message == #"namespaces "ghost" not found"#)
        let mismatch = try api.post(
            "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"x","namespace":"kube-system"}}"#)
        #expect(mismatch.code == 400)
        #expect(
            mismatch.message == "the namespace of the provided object does not match the namespace sent on the request")
    }

    @Test func aTakenNameIsAlreadyExists() throws {
        let api = try RESTFixture()
        try api.configMap("cm")
        let taken = try api.post("/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"cm"}}"#)
        #expect(taken.code == 409)
        #expect(taken.reason == "AlreadyExists")
        #expect(taken.message == #"configmaps "cm" already exists"#)
    }

    @Test func dryRunAnswersWithoutStoring() throws {
        let api = try RESTFixture()
        let revision = api.store.revision
        let dry = try api.post("/api/v1/namespaces/default/configmaps?dryRun=All", #"{"metadata":{"name":"cm"}}"#)
        #expect(dry.code == 201)
        #expect(dry.json.name == "cm")
        #expect(dry.json[["metadata", "uid"]]?.string?.count == 36)
        #expect(api.store.revision == revision)
        #expect(try api.get("/api/v1/namespaces/default/configmaps/cm").code == 404)
    }

    @Test func badBodiesAreRefusedWithTheirReason() throws {
        let api = try RESTFixture()
        let notJSON = try api.post("/api/v1/namespaces/default/configmaps", "{not json")
        #expect(notJSON.code == 400)
        #expect(notJSON.message?.hasPrefix("error decoding request body") == true)
        let wrongKind = try api.post(
            "/api/v1/namespaces/default/configmaps", #"{"kind":"Secret","metadata":{"name":"x"}}"#)
        #expect(wrongKind.code == 400)
        let media = try api.client.send(
            "POST", "/api/v1/namespaces/default/configmaps", headers: [("Content-Type", "text/csv")],
            body: Array("x".utf8))
        #expect(media.code == 415)
        #expect(media.reason == "UnsupportedMediaType")
    }

    @Test func unknownFieldsWarnByDefaultAndFailWhenStrict() throws {
        let api = try RESTFixture()
        let warned = try api.post("/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"a"},"colour":"red"}"#)
        #expect(warned.code == 201)
        #expect(warned.header("Warning") == #"299 - "unknown field \"colour\"""#)
        let strict = try api.post(
            "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", #"{"metadata":{"name":"b"},"colour":"red"}"#
        )
        #expect(strict.code == 400)
        #expect(strict.message?.contains(#"unknown field "colour""#) == true)
    }
}
