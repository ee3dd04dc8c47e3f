import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// The subresources served in-process: status (its writes touch only status, the main resource's only the
/// rest) and pods/binding (the scheduler's one-time write).
@Suite("REST in-process: status and binding")
struct RESTSubresourceTests {
    static let pod = #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}"#

    @Test func statusWritesTouchOnlyStatusAndMainWritesKeepIt() throws {
        let api = try RESTFixture()
        #expect(try api.post("/api/v1/namespaces/default/pods", Self.pod).code == 201)
        let status = try api.patch(
            "/api/v1/namespaces/default/pods/p/status",
            #"{"spec":{"nodeName":"sneaky"},"status":{"phase":"Running"}}"#, type: "application/merge-patch+json")
        #expect(status.code == 200)
        #expect(status.json[["status", "phase"]]?.string == "Running")
        #expect(status.json[["spec", "nodeName"]] == nil)
        let main = try api.patch(
            "/api/v1/namespaces/default/pods/p", #"{"status":{"phase":"Failed"},"metadata":{"labels":{"a":"b"}}}"#,
            type: "application/merge-patch+json")
        #expect(main.json[["status", "phase"]]?.string == "Running")
        #expect(main.json[["metadata", "labels", "a"]]?.string == "b")
        #expect(try api.get("/api/v1/namespaces/default/pods/p/status").json[["status", "phase"]]?.string == "Running")
        let unknown = try api.get("/api/v1/namespaces/default/pods/p/exec")
        #expect(unknown.code == 404)
    }

    @Test func aPodIsBoundOnce() throws {
        let api = try RESTFixture()
        #expect(try api.post("/api/v1/namespaces/default/pods", Self.pod).code == 201)
        let binding = #"{"metadata":{"name":"p"},"target":{"kind":"Node","name":"node-1"}}"#
        let bound = try api.post("/api/v1/namespaces/default/pods/p/binding", binding)
        #expect(bound.code == 201)
        #expect(bound.json["status"]?.string == "Success")
        let pod = try api.get("/api/v1/namespaces/default/pods/p").json
        #expect(pod[["spec", "nodeName"]]?.string == "node-1")
        #expect(pod[["status", "conditions"]]?.array?.first?["type"]?.string == "PodScheduled")
        let again = try api.post("/api/v1/namespaces/default/pods/p/binding", binding)
        #expect(again.code == 409)
        #expect(
            again.message
                == #"Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1""#)
        let noTarget = try api.post("/api/v1/namespaces/default/pods/p/binding", #"{"metadata":{"name":"p"}}"#)
        #expect(noTarget.code == 422)
    }
}
