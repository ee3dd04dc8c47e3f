import Testing
@testable import KubeAPI

/// Strategic merge patch on the merge lists of core/v1: elements are matched by their merge key and merged,
/// lists without a strategy are replaced. Expectations follow k8s.io/apimachinery's strategicpatch.
@Suite("Patch: strategic merge lists")
struct PatchStrategicListsTests {
    static let pod = #"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"fe"},
          "finalizers":["a.example.com/x","b.example.com/y"],
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},
         "spec":{"containers":[
            {"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"name":"https"}],
             "env":[{"name":"MODE","value":"dev"},{"name":"LOG","value":"info"}],
             "volumeMounts":[{"name":"data","mountPath":"/data"}],"terminationMessagePath":"/dev/termination-log"},
            {"name":"sidecar","image":"busybox","args":["sleep","3600"]}],
          "initContainers":[{"name":"init","image":"busybox"}],
          "volumes":[{"name":"data","emptyDir":{}}],
          "tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}],
          "imagePullSecrets":[{"name":"reg1"}]}}
        """#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var kind = "Pod"
        var original = PatchStrategicListsTests.pod
        var patch: String
        var path: [String]
        var expected: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        // Containers merge by name: one image changes, the other container and every other field stay.
        Case(
            name: "change one container's image",
            patch: #"{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}"#,
            path: ["spec", "containers"],
            expected: #"""
                [{"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"name":"https"}],
                  "env":[{"name":"MODE","value":"dev"},{"name":"LOG","value":"info"}],
                  "volumeMounts":[{"name":"data","mountPath":"/data"}],"terminationMessagePath":"/dev/termination-log"},
                 {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"]}]
                """#),
        // Without $setElementOrder a new element goes before the server's (mergeSortedSlice puts an element the
        // server never had ahead of the ones it had).
        Case(
            name: "add a container", patch: #"{"spec":{"containers":[{"name":"log","image":"fluent-bit"}]}}"#,
            path: ["spec", "containers"], expected: #"["log","app","sidecar"]"#),
        Case(
            name: "delete a container with $patch: delete",
            patch: #"{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}"#,
            path: ["spec", "containers"], expected: #"["app"]"#),
        Case(
            name: "change, add and delete at once",
            patch:
                #"{"spec":{"containers":[{"name":"app","image":"nginx:1.26"},{"name":"log","image":"fb"},{"name":"sidecar","$patch":"delete"}]}}"#,
            path: ["spec", "containers"], expected: #"["app","log"]"#),
        Case(
            name: "env merges by name",
            patch:
                #"{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","value":"prod"},{"name":"NEW","value":"1"}]}]}}"#,
            path: ["spec", "containers", "0", "env"],
            expected: #"[{"name":"MODE","value":"prod"},{"name":"NEW","value":"1"},{"name":"LOG","value":"info"}]"#),
        Case(
            name: "an env var is deleted by name",
            patch: #"{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","$patch":"delete"}]}]}}"#,
            path: ["spec", "containers", "0", "env"], expected: #"[{"name":"LOG","value":"info"}]"#),
        Case(
            name: "ports merge by containerPort",
            patch:
                #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":443,"name":"tls"},{"containerPort":8080}]}]}}"#,
            path: ["spec", "containers", "0", "ports"],
            expected:
                #"[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"name":"tls"},{"containerPort":8080}]"#),
        Case(
            name: "volumeMounts merge by mountPath",
            patch: #"{"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}"#,
            path: ["spec", "containers", "0", "volumeMounts"],
            expected: #"[{"name":"data","mountPath":"/data","readOnly":true}]"#),
        Case(
            name: "initContainers merge by name",
            patch: #"{"spec":{"initContainers":[{"name":"init","image":"alpine"}]}}"#,
            path: ["spec", "initContainers"], expected: #"[{"name":"init","image":"alpine"}]"#),
        Case(
            name: "imagePullSecrets merge by name", patch: #"{"spec":{"imagePullSecrets":[{"name":"reg2"}]}}"#,
            path: ["spec", "imagePullSecrets"], expected: #"[{"name":"reg2"},{"name":"reg1"}]"#),
        Case(
            name: "a container's args have no strategy and are replaced",
            patch: #"{"spec":{"containers":[{"name":"sidecar","args":["sleep","60"]}]}}"#,
            path: ["spec", "containers", "1", "args"], expected: #"["sleep","60"]"#),
        Case(
            name: "tolerations have no strategy and are replaced",
            patch: #"{"spec":{"tolerations":[{"key":"c","operator":"Exists"}]}}"#,
            path: ["spec", "tolerations"], expected: #"[{"key":"c","operator":"Exists"}]"#),
        Case(
            name: "finalizers merge as a set",
            patch: #"{"metadata":{"finalizers":["b.example.com/y","c.example.com/z"]}}"#,
            path: ["metadata", "finalizers"], expected: #"["a.example.com/x","b.example.com/y","c.example.com/z"]"#),
        Case(
            name: "ownerReferences merge by uid",
            patch: #"{"metadata":{"ownerReferences":[{"uid":"u1","controller":true}]}}"#,
            path: ["metadata", "ownerReferences"],
            expected: #"[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1","controller":true}]"#),
        Case(
            name: "Service ports merge by port", kind: "Service",
            original: #"{"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443}]}}"#,
            patch: #"{"spec":{"ports":[{"port":80,"targetPort":9090}]}}"#,
            path: ["spec", "ports"],
            expected: #"[{"name":"http","port":80,"targetPort":9090},{"name":"https","port":443}]"#),
        Case(
            name: "Node addresses merge by type", kind: "Node",
            original:
                #"{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]}}"#,
            patch: #"{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}}"#,
            path: ["status", "addresses"],
            expected: #"[{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}]"#),
        Case(
            name: "Node conditions merge by type", kind: "Node",
            original:
                #"{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"MemoryPressure","status":"False"}]}}"#,
            patch: #"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#,
            path: ["status", "conditions"],
            expected: #"[{"type":"Ready","status":"True"},{"type":"MemoryPressure","status":"False"}]"#),
        Case(
            name: "Pod status conditions merge by type",
            original: #"{"status":{"conditions":[{"type":"Ready","status":"False"}]}}"#,
            patch:
                #"{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}}"#,
            path: ["status", "conditions"],
            expected: #"[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]"#),
        Case(
            name: "ServiceAccount secrets merge by name", kind: "ServiceAccount",
            original: #"{"secrets":[{"name":"s1"}],"imagePullSecrets":[{"name":"p1"}]}"#,
            patch: #"{"secrets":[{"name":"s2"}]}"#, path: ["secrets"], expected: #"[{"name":"s2"},{"name":"s1"}]"#),
        Case(
            name: "ServiceAccount imagePullSecrets are replaced", kind: "ServiceAccount",
            original: #"{"secrets":[{"name":"s1"}],"imagePullSecrets":[{"name":"p1"}]}"#,
            patch: #"{"imagePullSecrets":[{"name":"p2"}]}"#, path: ["imagePullSecrets"], expected: #"[{"name":"p2"}]"#),
        Case(
            name: "Endpoints subsets are replaced", kind: "Endpoints",
            original: #"{"subsets":[{"addresses":[{"ip":"10.0.0.1"}]}]}"#,
            patch: #"{"subsets":[{"addresses":[{"ip":"10.0.0.2"}]}]}"#, path: ["subsets"],
            expected: #"[{"addresses":[{"ip":"10.0.0.2"}]}]"#),
        Case(
            name: "a kind's table does not leak into another", kind: "ConfigMap",
            original: #"{"spec":{"containers":[{"name":"a"}]}}"#,
            patch: #"{"spec":{"containers":[{"name":"b"}]}}"#, path: ["spec", "containers"],
            expected: #"[{"name":"b"}]"#),
    ])
    func merges(_ c: Case) throws {
        let result = try PatchFixture.apply(.strategic, c.patch, to: c.original, kind: c.kind)
        let expected = try PatchFixture.json(c.expected)
        // A list of names stands for the list of elements with those names, to keep order cases short.
        let actual = try Self.pick(result, c.path)
        if let names = expected.array, names.allSatisfy({ $0.string != nil }), c.path.last == "containers" {
            #expect(actual?.array?.map { $0["name"] ?? .null } == names, "got \(result.text)")
        } else {
            #expect(actual == expected, "got \(result.text)")
        }
    }

    /// Follows object keys and array indexes.
    static func pick(_ v: JSONValue, _ path: [String]) throws -> JSONValue? {
        var current: JSONValue? = v
        for step in path {
            if let i = Int(step), let a = current?.array {
                current = i < a.count ? a[i] : nil
            } else {
                current = current?[step]
            }
        }
        return current
    }

    // The whole object, to see that a list merge leaves every other field alone.
    @Test func aContainerMergeTouchesNothingElse() throws {
        let result = try PatchFixture.apply(
            .strategic, #"{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}"#, to: Self.pod)
        var expected = try PatchFixture.json(Self.pod)
        var containers = try #require(expected[["spec", "containers"]]?.array)
        containers[0].set("image", .string("nginx:1.26"))
        expected.set(path: ["spec", "containers"], .array(containers))
        #expect(result == expected, "got \(result.text)")
    }
}
