import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// The rest of core/v1 in-process: a replication controller's defaults and its scale subresource, pod
/// eviction, leases' group-qualified errors.
@Suite("REST in-process: controllers, scale, eviction, leases")
struct RESTRestOfCoreTests {
    static let controller =
        #"{"metadata":{"name":"web"},"spec":{"template":{"metadata":{"labels":{"tier":"front","app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}"#

    @Test func aControllerIsDefaultedFromItsTemplate() throws {
        let api = try RESTFixture()
        let created = try api.post("/api/v1/namespaces/default/replicationcontrollers", Self.controller)
        #expect(created.code == 201)
        #expect(created.json[["spec", "replicas"]]?.int == 1)
        #expect(created.json[["spec", "selector"]] == created.json[["spec", "template", "metadata", "labels"]])
        #expect(created.json[["metadata", "labels", "app"]]?.string == "web")
        #expect(created.json[["metadata", "generation"]]?.int == 1)
        #expect(created.json[["status", "replicas"]]?.int == 0)
        #expect(created.json[["spec", "template", "spec", "restartPolicy"]]?.string == "Always")
        // A spec change moves the generation; a label change does not.
        let relabelled = try api.patch(
            "/api/v1/namespaces/default/replicationcontrollers/web", #"{"metadata":{"labels":{"x":"y"}}}"#,
            type: "application/merge-patch+json")
        #expect(relabelled.json[["metadata", "generation"]]?.int == 1)
        let respecced = try api.patch(
            "/api/v1/namespaces/default/replicationcontrollers/web", #"{"spec":{"minReadySeconds":5}}"#,
            type: "application/merge-patch+json")
        #expect(respecced.json[["metadata", "generation"]]?.int == 2)
    }

    @Test func scaleReadsAndWritesTheControllersReplicas() throws {
        let api = try RESTFixture()
        #expect(try api.post("/api/v1/namespaces/default/replicationcontrollers", Self.controller).code == 201)
        let path = "/api/v1/namespaces/default/replicationcontrollers/web/scale"
        let scale = try api.get(path)
        #expect(scale.code == 200)
        #expect(scale.json["apiVersion"]?.string == "autoscaling/v1" && scale.json["kind"]?.string == "Scale")
        #expect(scale.json[["spec", "replicas"]]?.int == 1)
        #expect(scale.json["status"] == .object([("replicas", .int(0)), ("selector", .string("app=web,tier=front"))]))

        let put = try api.put(
            path, #"{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":5}}"#)
        #expect(put.code == 200 && put.json[["spec", "replicas"]]?.int == 5)
        let rc = try api.get("/api/v1/namespaces/default/replicationcontrollers/web").json
        #expect(rc[["spec", "replicas"]]?.int == 5 && rc[["metadata", "generation"]]?.int == 2)
        #expect(put.json.resourceVersion == rc.resourceVersion)

        let patched = try api.patch(path, #"{"spec":{"replicas":0}}"#, type: "application/merge-patch+json")
        #expect(patched.code == 200 && patched.json[["spec", "replicas"]] == nil)  // ScaleSpec.replicas is omitempty
        #expect(
            try api.get("/api/v1/namespaces/default/replicationcontrollers/web").json[["spec", "replicas"]]?.int == 0)

        let negative = try api.put(path, #"{"metadata":{"name":"web"},"spec":{"replicas":-1}}"#)
        #expect(negative.code == 422)
        #expect(
            negative.message
                == #"Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#
        )
        let stale = try api.put(path, #"{"metadata":{"name":"web","resourceVersion":"1"},"spec":{"replicas":2}}"#)
        #expect(stale.code == 409 && stale.reason == "Conflict")
        #expect(try api.get("/api/v1/namespaces/default/replicationcontrollers/ghost/scale").code == 404)
        #expect(try api.get("/api/v1/namespaces/default/pods/web/scale").code == 404)
    }

    func pod(_ api: RESTFixture, _ name: String) throws -> JSONValue {
        let created = try api.post(
            "/api/v1/namespaces/default/pods",
            #"{"metadata":{"name":"\#(name)"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#)
        #expect(created.code == 201)
        return created.json
    }

    @Test func anEvictionDeletesThePodAsItsOptionsSay() throws {
        let api = try RESTFixture()
        let p = try pod(api, "p")
        let eviction = { (name: String, options: String) in
            #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"\#(name)"},"deleteOptions":\#(options)}"#
        }
        let mismatch = try api.post("/api/v1/namespaces/default/pods/p/eviction", eviction("q", "{}"))
        #expect(mismatch.code == 400 && mismatch.message == "name in URL does not match name in Eviction object")
        let dry = try api.post("/api/v1/namespaces/default/pods/p/eviction", eviction("p", #"{"dryRun":["All"]}"#))
        #expect(dry.code == 201 && dry.json["status"]?.string == "Success")
        #expect(try api.get("/api/v1/namespaces/default/pods/p").code == 200)
        let stale = try api.post(
            "/api/v1/namespaces/default/pods/p/eviction", eviction("p", #"{"preconditions":{"uid":"other"}}"#))
        #expect(stale.code == 409)
        let wrongKind = try api.post(
            "/api/v1/namespaces/default/pods/p/eviction", #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#)
        #expect(wrongKind.code == 400)

        let evicted = try api.post(
            "/api/v1/namespaces/default/pods/p/eviction",
            eviction("p", #"{"preconditions":{"uid":"\#(p[["metadata", "uid"]]?.string ?? "")"}}"#))
        #expect(evicted.code == 201)
        #expect(
            evicted.json
                == .object([
                    ("kind", .string("Status")), ("apiVersion", .string("v1")), ("metadata", .object([])),
                    ("status", .string("Success")), ("code", .int(201)),
                ]))
        #expect(try api.get("/api/v1/namespaces/default/pods/p").code == 404)
        #expect(try api.post("/api/v1/namespaces/default/pods/p/eviction", eviction("p", "{}")).code == 404)
    }

    @Test func deleteOptionsInProtobufAreHonoured() throws {
        let api = try RESTFixture()
        _ = try pod(api, "p")
        func delete(_ options: String) throws -> RecordedResponse {
            let body = try #require(ProtobufEncoder.envelope(try JSONParser.parse(Substring(options))))
            return try api.client.send(
                "DELETE", "/api/v1/namespaces/default/pods/p",
                headers: [("Content-Type", "application/vnd.kubernetes.protobuf")], body: body)
        }
        #expect(try delete(#"{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}"#).code == 200)
        #expect(try api.get("/api/v1/namespaces/default/pods/p").code == 200, "a dry run deletes nothing")
        #expect(try delete(#"{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"other"}}"#).code == 409)
        #expect(try delete(#"{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}"#).code == 200)
        #expect(try api.get("/api/v1/namespaces/default/pods/p").code == 404)
    }

    @Test func leasesSpeakForTheirGroup() throws {
        let api = try RESTFixture()
        let path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases"
        let created = try api.post(
            path, #"{"metadata":{"name":"node-1"},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40}}"#)
        #expect(created.code == 201 && created.json["apiVersion"]?.string == "coordination.k8s.io/v1")
        let missing = try api.get(path + "/node-2")
        #expect(missing.code == 404 && missing.message == #"leases.coordination.k8s.io "node-2" not found"#)
        #expect(missing.json[["details", "group"]]?.string == "coordination.k8s.io")
        let stale = try api.put(path + "/node-1", #"{"metadata":{"name":"node-1","resourceVersion":"1"},"spec":{}}"#)
        #expect(
            stale.message?.hasPrefix(#"Operation cannot be fulfilled on leases.coordination.k8s.io "node-1""#) == true)
        #expect(try api.get(path).names == ["node-1"])
    }

    @Test func answersInProtobufWhenAsked() throws {
        let api = try RESTFixture()
        _ = try pod(api, "p")
        let accept = [("Accept", "application/vnd.kubernetes.protobuf, */*")]
        let one = try api.get("/api/v1/namespaces/default/pods/p", headers: accept)
        #expect(one.header("Content-Type") == "application/vnd.kubernetes.protobuf")
        #expect(try ProtobufDecoder.decode(one.body) == (try api.get("/api/v1/namespaces/default/pods/p").json))
        let list = try api.get("/api/v1/namespaces/default/pods", headers: accept)
        #expect(try ProtobufDecoder.decode(list.body)["kind"]?.string == "PodList")
        let missing = try api.get("/api/v1/namespaces/default/pods/q", headers: accept)
        #expect(missing.code == 404 && missing.header("Content-Type") == "application/vnd.kubernetes.protobuf")
        #expect(try ProtobufDecoder.decode(missing.body)["message"]?.string == #"pods "q" not found"#)
        // Tables stay JSON.
        let table = try api.get(
            "/api/v1/namespaces/default/pods", headers: [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")])
        #expect(table.header("Content-Type") == "application/json" && table.json["kind"]?.string == "Table")
    }
}
