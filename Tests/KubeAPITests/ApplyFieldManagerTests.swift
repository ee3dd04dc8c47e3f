import Testing
@testable import KubeAPI

@Suite("Apply: managedFields kept on every write")
struct ApplyFieldManagerTests {
    static let t1 = "2024-05-01T10:00:00Z", t2 = "2024-05-01T10:00:05Z"

    func manager(
        _ kind: String = "ConfigMap", at time: String = t1, subresource: String = "", reset: FieldSet = FieldSet()
    ) -> FieldManager {
        FieldManager(apiVersion: "v1", kind: kind, subresource: subresource, resetFields: reset, now: { time })
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The entries as `manager operation apiVersion time fieldsV1` lines, in stored order.
    func entries(_ object: JSONValue) -> [String] {
        (object[["metadata", "managedFields"]]?.array ?? []).map { e in
            [
                e["manager"]?.string ?? "-", e["operation"]?.string ?? "-", e["apiVersion"]?.string ?? "-",
                e["time"]?.string ?? "-",
                e["subresource"]?.string ?? "", e["fieldsV1"]?.text ?? "-",
            ].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    @Test func aCreateGivesTheCreatorEveryFieldItSetButServerMetadata() throws {
        let cm = try json(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns","labels":{"app":"x"}},"data":{"a":"1","b":"2"}}"#
        )
        let created = manager().update(live: nil, new: cm, manager: "kubectl-create")
        #expect(
            entries(created) == [
                #"kubectl-create Update v1 2024-05-01T10:00:00Z {"f:data":{".":{},"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}"#
            ])
        // Nothing else of the object changes.
        var without = created
        without.set(path: ["metadata", "managedFields"], nil)
        #expect(without == cm)
    }

    @Test func aPodCreateOwnsContainersByNameAndPortsByPortAndProtocol() throws {
        let pod = try json(
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]},"status":{"phase":"Pending"}}"#
        )
        let m = manager("Pod", reset: FieldSet([FieldPath(fields: "status")]))
        let created = m.update(live: nil, new: pod, manager: "kubectl-create")
        // No `.` under spec or containers (a Go struct always has them); protocol defaults to TCP in the key;
        // status is reset through the main resource, so nobody owns it here.
        #expect(
            entries(created) == [
                #"kubectl-create Update v1 2024-05-01T10:00:00Z {"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}"#
            ])
    }

    @Test func anUpdateMovesTheFieldsItChangesToItsManagerAndKeepsTheRest() throws {
        let m1 = manager(), m2 = manager(at: Self.t2)
        let created = m1.update(
            live: nil,
            new: try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"#),
            manager: "kubectl-create")
        var edited = created
        edited.set(path: ["data", "a"], .string("changed"))
        edited.set(path: ["data", "b"], nil)
        edited.set(path: ["data", "c"], .string("new"))
        let updated = m2.update(live: created, new: edited, manager: "kubectl-edit")
        #expect(
            entries(updated) == [
                // It still owns the map itself (a member with nothing below it is written `{}`).
                #"kubectl-create Update v1 2024-05-01T10:00:00Z {"f:data":{}}"#,
                #"kubectl-edit Update v1 2024-05-01T10:00:05Z {"f:data":{"f:a":{},"f:c":{}}}"#,
            ])
        // A write that changes nothing leaves the entries, times included, as they were.
        #expect(entries(m2.update(live: updated, new: updated, manager: "other")) == entries(updated))
    }

    @Test func oneEntryPerManagerOperationVersionAndSubresource() throws {
        let status = manager("Pod", at: Self.t2, subresource: "status")
        let pod = try json(
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"w","image":"i"}]}}"#
        )
        let created = manager("Pod").update(live: nil, new: pod, manager: "kubectl")
        var running = created
        running.set(path: ["status", "phase"], .string("Running"))
        let first = status.update(live: created, new: running, manager: "kubelet")
        var ready = first
        ready.set(path: ["status", "podIP"], .string("10.0.0.1"))
        let second = status.update(live: first, new: ready, manager: "kubelet")
        #expect(entries(second).count == 2)
        #expect(
            entries(second)[1]
                == #"kubelet Update v1 2024-05-01T10:00:05Z status {"f:status":{"f:phase":{},"f:podIP":{}}}"#)
        // The same manager writing the main resource is another entry.
        var labelled = second
        labelled.set(path: ["metadata", "labels"], .object([("a", .string("b"))]))
        #expect(entries(manager("Pod", at: Self.t2).update(live: second, new: labelled, manager: "kubelet")).count == 3)
    }

    @Test func emptyManagedFieldsFromTheClientResetTrackingAndBrokenOnesAreIgnored() throws {
        let m = manager()
        let created = m.update(
            live: nil,
            new: try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"#),
            manager: "kubectl-create")
        var reset = created
        reset.set(path: ["metadata", "managedFields"], .array([]))
        let untracked = m.update(live: created, new: reset, manager: "kubectl-edit")
        #expect(untracked[["metadata", "managedFields"]] == nil)
        // Untracked objects stay untracked through updates...
        var edited = untracked
        edited.set(path: ["data", "a"], .string("2"))
        #expect(m.update(live: untracked, new: edited, manager: "kubectl-edit")[["metadata", "managedFields"]] == nil)
        // ...and an unreadable list from a client keeps the stored one.
        var broken = created
        broken.set(
            path: ["metadata", "managedFields"],
            .array([.object([("manager", .string("x")), ("operation", .string("Bogus"))])]))
        #expect(entries(m.update(live: created, new: broken, manager: "y")) == entries(created))
    }

    @Test func updateManagersBeyondTenMergeIntoAncientChanges() throws {
        var object = manager().update(
            live: nil, new: try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{}}"#),
            manager: "m0")
        for i in 1...11 {
            var next = object
            next.set(path: ["data", "k\(i)"], .string("v"))
            let second = i < 10 ? "0\(i)" : "\(i)"
            object = manager(at: "2024-05-01T10:00:\(second)Z").update(live: object, new: next, manager: "m\(i)")
        }
        let names = (object[["metadata", "managedFields"]]?.array ?? []).compactMap { $0["manager"]?.string }
        #expect(names.count == 10)
        #expect(names.first == "ancient-changes")
        #expect(!names.contains("m1") && !names.contains("m2") && names.contains("m3"))
        // m0 (the oldest) became the bucket, m1 and m2 joined it; it carries the newest time it absorbed.
        #expect(
            entries(object)[0]
                == #"ancient-changes Update v1 2024-05-01T10:00:02Z {"f:data":{".":{},"f:k1":{},"f:k2":{}}}"#)
    }
}
