import Testing
@testable import KubeAPI

/// The field manager skips work whose outcome it knows (an unchanged reapply, pruning nothing, comparing
/// equal objects, a create's field set). Each history here runs with and without the shortcuts: every
/// object, entry and error must be the same, byte for byte.
@Suite("Apply: shortcuts give what the full algorithm gives")
struct ApplyShortcutTests {
    enum Step {
        case apply(String, String, force: Bool = false)
        /// The live object with one path set, written by a manager (an update).
        case update(String, [String], JSONValue)
        case status(String, JSONValue)
    }

    static let podSpec = #"""
        "containers":[
          {"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],
           "env":[{"name":"MODE","value":"a"}],"resources":{"limits":{"cpu":"500m"}}},
          {"name":"sidecar","image":"busybox","args":["sleep","infinity"]}],
        "volumes":[{"name":"data","emptyDir":{}}],"nodeSelector":{"disk":"ssd"}
        """#
    static func pod(_ spec: String = podSpec, labels: String = #""app":"web""#) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","labels":{\#(labels)}},"spec":{\#(spec)}}"#
    }
    static func configMap(_ data: String) -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"},"data":{\#(data)}}"#
    }
    static let fewerContainers = #""containers":[{"name":"nginx","image":"nginx:1.25"}]"#
    static let moreFields =
        #"\#(podSpec),"restartPolicy":"Always","tolerations":[{"key":"k","operator":"Exists"}]"#

    static let histories: [(String, kind: String, [Step])] = [
        (
            "pod: reapplied, shrunk, grown, taken by force, status written", "Pod",
            [
                .apply("a", pod()), .apply("a", pod()), .apply("a", pod(fewerContainers)), .apply("a", pod()),
                .apply("a", pod(moreFields)), .apply("a", pod(moreFields)), .apply("b", pod(moreFields)),
                .update("edit", ["metadata", "labels", "app"], .string("db")),
                .update("edit", ["metadata", "labels", "app"], .string("db")), .apply("a", pod(moreFields)),
                .apply("a", pod(moreFields), force: true), .apply("a", pod(moreFields)),
                .status("kubelet", .object([("phase", .string("Running"))])),
                .status("kubelet", .object([("phase", .string("Running"))])),
                .update("other", ["spec", "nodeSelector", "disk"], .string("ssd")), .apply("a", pod(moreFields)),
                .apply("a", pod(moreFields, labels: "")), .apply("b", pod(fewerContainers)),
            ]
        ),
        (
            "pod: created by a client, applied over, its status written", "Pod",
            [
                .update("create", ["spec"], try! JSONParser.parse(Array("{\(podSpec)}".utf8))),
                .apply("a", pod()), .apply("a", pod()), .status("kubelet", .object([("phase", .string("Running"))])),
                .apply("a", pod(fewerContainers)), .update("create", ["metadata", "labels", "x"], .string("y")),
                .apply("create", pod(moreFields)), .apply("b", pod(#""containers":[{"name":"nginx","image":"x"}]"#)),
            ]
        ),
        (
            "configmap: shared fields, nulls, a created object reapplied", "ConfigMap",
            [
                .update("create", ["data"], .object([("a", .string("1")), ("b", .string("2"))])),
                .apply("k", configMap(#""a":"1""#)),
                .apply("k", configMap(#""a":"1""#)), .apply("k", configMap(#""a":"1","x":null"#)),
                .apply("k", configMap(#""a":"1","x":null"#)), .apply("j", configMap(#""a":"1","b":"2""#)),
                .apply("j", configMap(#""a":"1","b":"2""#)), .apply("k", configMap(#""b":"3""#)),
                .apply("k", configMap(#""b":"3""#), force: true), .apply("k", configMap(#""a":"2""#)),
                .apply("j", configMap("")), .apply("j", configMap("")),
            ]
        ),
    ]

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The text of each step's object, or of its error.
    func run(_ steps: [Step], kind: String, shortcuts: Bool) throws -> [String] {
        var live: JSONValue? = nil
        var out: [String] = []
        for (i, step) in steps.enumerated() {
            let time = "2024-05-01T10:00:\(10 + i)Z"
            var main = FieldManager(
                apiVersion: "v1", kind: kind, resetFields: FieldSet([FieldPath(fields: "status")]), now: { time })
            main.shortcuts = shortcuts
            var status = FieldManager(
                apiVersion: "v1", kind: kind, subresource: "status",
                resetFields: FieldSet([FieldPath(fields: "spec")]), now: { time })
            status.shortcuts = shortcuts
            let config: JSONValue? = try {
                if case .apply(_, let text, _) = step { return try json(text) }
                return nil
            }()
            do throws(ApplyError) {
                switch step {
                case .apply(let manager, _, let force):
                    live = try main.apply(live: live, config: config ?? .null, manager: manager, force: force)
                case .update(let manager, let path, let value):
                    var new =
                        live
                        ?? .object([
                            ("apiVersion", .string("v1")), ("kind", .string(kind)),
                            (
                                "metadata",
                                .object([
                                    ("name", .string("o")), ("namespace", .string("ns")), ("uid", .string("u")),
                                    ("creationTimestamp", .string("2024-05-01T10:00:00Z")),
                                ])
                            ),
                        ])
                    new.set(path: path, value)
                    live = main.update(live: live, new: new, manager: manager)
                case .status(let manager, let value):
                    var new = live ?? .object([])
                    new.set("status", value)
                    live = status.update(live: live, new: new, manager: manager)
                }
                out.append(live?.text ?? "nil")
            } catch {
                out.append("\(error)")
            }
        }
        return out
    }

    @Test(arguments: histories.indices)
    func aHistoryGivesTheSameObjectsEitherWay(_ index: Int) throws {
        let (name, kind, steps) = Self.histories[index]
        let full = try run(steps, kind: kind, shortcuts: false)
        let quick = try run(steps, kind: kind, shortcuts: true)
        for (i, (a, b)) in zip(full, quick).enumerated() {
            #expect(a == b, "\(name): step \(i + 1)")
        }
        // The histories do exercise what they are meant to: unchanged reapplies, conflicts, changes.
        #expect(Set(full).count < full.count, "\(name): some step changes nothing")
        #expect(full.contains { $0.contains("Apply failed") }, "\(name): some step conflicts")
    }
}
