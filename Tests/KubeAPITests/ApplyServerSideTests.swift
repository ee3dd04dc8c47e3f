import Testing
@testable import KubeAPI

@Suite("Apply: server-side apply merge, removal, conflicts and force")
struct ApplyServerSideTests {
    static let t1 = "2024-05-01T10:00:00Z", t2 = "2024-05-01T10:00:07Z"

    func manager(_ kind: String = "ConfigMap", at time: String = t1) -> FieldManager {
        FieldManager(apiVersion: "v1", kind: kind, now: { time })
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func fields(_ object: JSONValue, _ manager: String) -> String? {
        object[["metadata", "managedFields"]]?.array?.first { $0["manager"]?.string == manager }?["fieldsV1"]?.text
    }

    func configMap(_ data: String, labels: String = "") -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"\#(labels.isEmpty ? "" : #","labels":{\#(labels)}"#)},"data":{\#(data)}}"#
    }

    @Test func theFirstApplyCreatesAndOwnsExactlyWhatWasApplied() throws {
        let object = try manager().apply(
            live: nil, config: json(configMap(#""a":"1""#, labels: #""app":"x""#)), manager: "kubectl", force: false)
        #expect(object["data"] == .object([("a", .string("1"))]))
        #expect(object[["metadata", "labels", "app"]] == .string("x"))
        let entries = object[["metadata", "managedFields"]]?.array ?? []
        #expect(entries.count == 1)
        #expect(
            entries[0].text
                == #"{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}},"f:metadata":{"f:labels":{"f:app":{}}}}}"#
        )
    }

    @Test func reapplyingWithoutAFieldRemovesItUnlessSomeoneElseOwnsIt() throws {
        let m = manager()
        let first = try m.apply(
            live: nil, config: json(configMap(#""a":"1","b":"2","c":"3""#)), manager: "kubectl", force: false)
        // Another manager takes `c` by updating it.
        var edited = first
        edited.set(path: ["data", "c"], .string("33"))
        let shared = m.update(live: first, new: edited, manager: "kubectl-edit")
        let second = try m.apply(live: shared, config: json(configMap(#""a":"1""#)), manager: "kubectl", force: false)
        #expect(second["data"] == .object([("a", .string("1")), ("c", .string("33"))]))
        #expect(fields(second, "kubectl") == #"{"f:data":{"f:a":{}}}"#)
        #expect(fields(second, "kubectl-edit") == #"{"f:data":{"f:c":{}}}"#)
    }

    @Test func removalTakesListElementsByKeyAndLeavesOthersElements() throws {
        let m = manager("Pod")
        let pod = { (containers: String) in
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[\#(containers)]}}"#
        }
        let first = try m.apply(
            live: nil, config: json(pod(#"{"name":"a","image":"x","args":["1"]},{"name":"b","image":"y"}"#)),
            manager: "me", force: false)
        var withSidecar = first
        withSidecar.set(
            path: ["spec", "containers"],
            .array((first[["spec", "containers"]]?.array ?? []) + [try json(#"{"name":"side","image":"z"}"#)]))
        let live = m.update(live: first, new: withSidecar, manager: "injector")
        let second = try m.apply(
            live: live, config: json(pod(#"{"name":"a","image":"x"}"#)), manager: "me", force: false)
        let containers = second[["spec", "containers"]]?.array ?? []
        #expect(containers.map { $0["name"]?.string } == ["a", "side"])
        #expect(containers[0]["args"] == nil)
    }

    @Test func aConflictNamesEachFieldAndManagerAsKubeDoes() throws {
        let m = manager()
        let created = m.update(live: nil, new: try json(configMap(#""a":"1","b":"2""#)), manager: "kubectl-create")
        // The same value is no conflict: the two share the field.
        let same = try m.apply(live: created, config: json(configMap(#""a":"1""#)), manager: "kubectl", force: false)
        #expect(fields(same, "kubectl") == #"{"f:data":{"f:a":{}}}"#)
        #expect(fields(same, "kubectl-create") == #"{"f:data":{".":{},"f:a":{},"f:b":{}}}"#)

        #expect(
            throws: ApplyError(
                code: 409, reason: "Conflict",
                message: #"Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.b"#,
                causes: [
                    .init(
                        reason: "FieldManagerConflict", message: #"conflict with "kubectl-create" using v1"#,
                        field: ".data.b")
                ])
        ) {
            try m.apply(
                live: same, config: json(configMap(#""a":"1","b":"changed""#)), manager: "kubectl", force: false)
        }
        // Several conflicts, several managers: grouped under each manager, managers sorted.
        let applied = try m.apply(live: same, config: json(configMap(#""c":"3""#)), manager: "alpha", force: false)
        let config = try json(configMap(#""a":"9","b":"9","c":"9""#))
        do throws(ApplyError) {
            _ = try m.apply(live: applied, config: config, manager: "zeta", force: false)
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == 409)
            #expect(
                error.message == """
                    Apply failed with 4 conflicts: conflicts with "alpha":
                    - .data.c
                    conflicts with "kubectl":
                    - .data.a
                    conflicts with "kubectl-create" using v1:
                    - .data.a
                    - .data.b
                    """)
            #expect(error.causes.map(\.field) == [".data.c", ".data.a", ".data.a", ".data.b"])
        }
    }

    @Test func forceTakesTheFieldsFromTheirManagers() throws {
        let m = manager(at: Self.t2)
        let created = manager().update(
            live: nil, new: try json(configMap(#""a":"1","b":"2""#)), manager: "kubectl-create")
        let forced = try m.apply(
            live: created, config: json(configMap(#""b":"mine""#)), manager: "kubectl", force: true)
        #expect(forced["data"] == .object([("a", .string("1")), ("b", .string("mine"))]))
        #expect(fields(forced, "kubectl") == #"{"f:data":{"f:b":{}}}"#)
        #expect(fields(forced, "kubectl-create") == #"{"f:data":{".":{},"f:a":{}}}"#)
    }

    @Test func anUnchangedReapplyLeavesTheObjectAndItsTimeAlone() throws {
        let first = try manager().apply(
            live: nil, config: json(configMap(#""a":"1""#)), manager: "kubectl", force: false)
        let again = try manager(at: Self.t2).apply(
            live: first, config: json(configMap(#""a":"1""#)), manager: "kubectl", force: false)
        #expect(again == first)
        #expect(again.text == first.text)
    }

    @Test func anObjectNobodyManagesGivesItsFieldsToBeforeFirstApply() throws {
        let untracked = try json(configMap(#""a":"1","b":"2""#))
        let applied = try manager(at: Self.t2).apply(
            live: untracked, config: json(configMap(#""a":"1""#)), manager: "kubectl", force: false)
        let entries = applied[["metadata", "managedFields"]]?.array ?? []
        #expect(entries.map { $0["manager"]?.string } == ["kubectl", "before-first-apply"])
        #expect(entries[1]["operation"] == .string("Update"))
        #expect(fields(applied, "before-first-apply") == #"{"f:data":{".":{},"f:a":{},"f:b":{}}}"#)
        // Changing what before-first-apply owns is a conflict like any other.
        #expect(throws: ApplyError.self) {
            try manager().apply(live: applied, config: json(configMap(#""b":"3""#)), manager: "kubectl", force: false)
        }
    }

    @Test func kubectlsServerSideApplyTakesOverItsClientSideApplyFields() throws {
        let annotation =
            #"{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"ns"}}"#
        var live = try json(configMap(#""a":"1""#))
        live.set(
            path: ["metadata", "annotations"], .object([(FieldManager.lastAppliedAnnotation, .string(annotation))]))
        live = manager().update(live: nil, new: live, manager: "kubectl-client-side-apply")
        let config = try json(configMap(#""a":"2""#))
        // Another manager than kubectl conflicts...
        #expect(throws: ApplyError.self) {
            try manager().apply(live: live, config: config, manager: "other", force: false)
        }
        // ...kubectl takes the fields its annotation set, and keeps the annotation in step.
        let upgraded = try manager().apply(live: live, config: config, manager: "kubectl", force: false)
        #expect(upgraded[["data", "a"]] == .string("2"))
        #expect(fields(upgraded, "kubectl") == #"{"f:data":{"f:a":{}}}"#)
        #expect(
            upgraded[["metadata", "annotations", FieldManager.lastAppliedAnnotation]]
                == .string(
                    #"{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"}}"#
                ))
    }

    @Test func configurationsKubeCannotTypeAreRefusedWithItsMessages() throws {
        let m = manager()
        #expect(throws: ApplyError(code: 400, reason: "BadRequest", message: "invalid object type: /v1, Kind=Secret")) {
            try m.apply(
                live: nil, config: json(#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"c"}}"#), manager: "k",
                force: false)
        }
        #expect(throws: ApplyError(code: 400, reason: "BadRequest", message: "metadata.managedFields must be nil")) {
            try m.apply(
                live: nil,
                config: json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[]}}"#),
                manager: "k", force: false)
        }
        #expect(
            throws: ApplyError(
                code: 500, reason: "",
                message:
                    "failed to create typed patch object (ns/c; /v1, Kind=ConfigMap): .spec: field not declared in schema"
            )
        ) {
            try m.apply(
                live: nil,
                config: json(
                    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"},"spec":{}}"#),
                manager: "k", force: false)
        }
        #expect(
            throws: ApplyError(
                code: 500, reason: "",
                message: """
                    failed to create typed patch object (/p; /v1, Kind=Pod): errors:
                      .spec.containers: duplicate entries for key [name="a"]
                      .spec.restartPolicy: expected string, got &value.valueUnstructured{Value:3}
                    """)
        ) {
            try manager("Pod").apply(
                live: nil,
                config: json(
                    #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"a"}],"restartPolicy":3}}"#
                ), manager: "k", force: false)
        }
        #expect(throws: ApplyError.self) {
            try manager("Pod").apply(
                live: nil,
                config: json(
                    #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"image":"a"}]}}"#),
                manager: "k", force: false)
        }
    }
}
