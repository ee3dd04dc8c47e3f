import Testing
@testable import KubeAPI

/// The members a Go struct always has appear as kube writes them: a non-pointer struct as `{}`, a time as
/// null, at any depth, and only where the object that holds them exists.
@Suite struct GoValueFieldsTests {
    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func filled(_ kind: String, _ text: String) throws -> JSONValue {
        var object = try json(text)
        GoValueFields().fill(&object, apiVersion: "v1", kind: kind)
        return object
    }

    @Test func aPodGetsItsContainersResourcesItsConditionsTimesAndItsStructs() throws {
        let pod = try filled(
            "Pod",
            #"{"metadata":{"name":"p","creationTimestamp":"2024-05-01T10:00:00Z"},"spec":{"containers":[{"name":"a"},{"name":"b","resources":{"limits":{"cpu":"1"}}}]},"status":{"conditions":[{"type":"Ready","lastTransitionTime":"2024-05-01T10:00:00Z"}],"containerStatuses":[{"name":"a","state":{"running":{}}}]}}"#
        )
        #expect(pod[["spec", "containers"]]?.array?[0]["resources"] == .object([]))
        #expect(pod[["spec", "containers"]]?.array?[1]["resources"] == (try json(#"{"limits":{"cpu":"1"}}"#)))
        let condition = pod[["status", "conditions"]]?.array?[0]
        #expect(condition?["lastProbeTime"] == .null)
        #expect(condition?["lastTransitionTime"] == .string("2024-05-01T10:00:00Z"))
        let status = pod[["status", "containerStatuses"]]?.array?[0]
        #expect(status?["lastState"] == .object([]))
        // A time inside a struct that is there; a pointer struct that is not there stays absent.
        #expect(status?[["state", "running", "startedAt"]] == .null)
        #expect(status?[["state", "waiting"]] == nil)
        #expect(pod[["metadata", "creationTimestamp"]] == .string("2024-05-01T10:00:00Z"))
        #expect(pod[["spec", "securityContext"]] == nil)
    }

    @Test func structsAppearWithTheirOwnStructsAndTemplatesWithTheirNullTimestamp() throws {
        let node = try filled("Node", #"{"metadata":{"name":"n"}}"#)
        #expect(node["spec"] == .object([]))
        #expect(node[["status", "daemonEndpoints", "kubeletEndpoint"]] == .object([]))
        #expect(node[["status", "nodeInfo"]] == .object([]))
        #expect(node[["metadata", "creationTimestamp"]] == .null)
        let controller = try filled(
            "ReplicationController", #"{"metadata":{"name":"r"},"spec":{"template":{"metadata":{"labels":{"a":"b"}}}}}"#
        )
        #expect(controller[["spec", "template", "metadata", "creationTimestamp"]] == .null)
        #expect(controller[["spec", "template", "spec"]] == .object([]))
        #expect(controller["status"] == .object([]))
    }

    @Test func objectsWithoutValueFieldsAndValuesOfAnotherFormAreLeftAlone() throws {
        let configMap = #"{"metadata":{"name":"c","creationTimestamp":"t"},"data":{"resources":"x"}}"#
        #expect(try filled("ConfigMap", configMap) == json(configMap))
        // A container that is not an object, a list that is not a list: nothing to fill in.
        let odd =
            #"{"metadata":{"name":"p","creationTimestamp":"t"},"spec":{"containers":["x",{"name":"a","resources":null}]},"status":"odd"}"#
        let pod = try filled("Pod", odd)
        #expect(pod[["spec", "containers"]] == (try json(#"["x",{"name":"a","resources":null}]"#)))
        #expect(pod["status"] == .string("odd"))
    }
}
