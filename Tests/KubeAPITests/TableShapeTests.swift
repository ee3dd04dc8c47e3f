import Testing
@testable import KubeAPI

@Suite("Tables: Table documents, includeObject, watch events, Accept")
struct TableShapeTests {
    let f = TableFixture.self
    let pod = TableFixture.json(
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default","uid":"u-1","resourceVersion":"42",
         "creationTimestamp":"2024-06-01T11:00:00Z","labels":{"app":"web"}},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending"}}
        """)

    @Test func listTableWithMetadataObjects() throws {
        let table = TablePrinter.table(
            resource: "pods", objects: [pod, pod], now: f.now, includeObject: "Metadata",
            resourceVersion: "99", continueToken: "tok", remainingItemCount: 5)
        #expect(table["kind"]?.string == "Table")
        #expect(table["apiVersion"]?.string == "meta.k8s.io/v1")
        #expect(
            table["metadata"]
                == .object([
                    ("resourceVersion", .string("99")), ("continue", .string("tok")), ("remainingItemCount", .int(5)),
                ]))
        let columns = try #require(table["columnDefinitions"]?.array)
        #expect(
            columns.compactMap { $0["name"]?.string } == [
                "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates",
            ])
        #expect(columns.compactMap { $0["priority"]?.int } == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(columns[0]["format"]?.string == "name")
        #expect(columns[1]["format"]?.string == "")
        #expect(columns[3]["type"]?.string == "string")
        #expect(columns[4]["description"]?.string?.hasPrefix("CreationTimestamp is a timestamp") == true)
        let rows = try #require(table["rows"]?.array)
        #expect(rows.count == 2)
        let object = try #require(rows[0]["object"])
        #expect(object["kind"]?.string == "PartialObjectMetadata")
        #expect(object["apiVersion"]?.string == "meta.k8s.io/v1")
        #expect(object[["metadata", "uid"]]?.string == "u-1")
        #expect(object["spec"] == nil)
        #expect(rows[0]["conditions"] == nil)
    }

    @Test func includeObjectNoneAndObject() throws {
        let none = TablePrinter.table(
            resource: "pods", objects: [pod], now: f.now, includeObject: "None", resourceVersion: "", continueToken: nil
        )
        #expect(none["metadata"] == .object([]))
        #expect(none["rows"]?.array?.first?["object"] == .null)
        let bare = TableFixture.json(#"{"metadata":{"name":"cm"},"data":{"k":"v"}}"#)
        let full = TablePrinter.row(resource: "configmaps", object: bare, now: f.now, includeObject: "Object")["object"]
        #expect(full?["kind"]?.string == "ConfigMap")
        #expect(full?["apiVersion"]?.string == "v1")
        #expect(full?[["data", "k"]]?.string == "v")
        #expect(TablePrinter.row(resource: "pods", object: pod, now: f.now, includeObject: "Object")["object"] == pod)
    }

    @Test func everyColumnHasACell() {
        let samples: [String: String] = [
            "pods": #"{"metadata":{"name":"a"}}"#, "services": #"{"metadata":{"name":"a"}}"#,
            "nodes": #"{"metadata":{"name":"a"}}"#,
            "events": #"{"metadata":{"name":"a"}}"#, "namespaces": #"{"metadata":{"name":"a"}}"#,
            "configmaps": #"{"metadata":{"name":"a"}}"#,
            "secrets": #"{"metadata":{"name":"a"}}"#, "serviceaccounts": #"{"metadata":{"name":"a"}}"#,
            "endpoints": #"{"metadata":{"name":"a"}}"#,
        ]
        for (resource, text) in samples {
            #expect(f.cells(resource, text).count == TablePrinter.columns(resource: resource).count, "\(resource)")
        }
        #expect(
            TablePrinter.columns(resource: "services").map(\.name) == [
                "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector",
            ])
        #expect(
            TablePrinter.columns(resource: "events").filter { $0.priority == 0 }.map(\.name) == [
                "Last Seen", "Type", "Reason", "Object", "Message",
            ])
        #expect(
            TablePrinter.columns(resource: "nodes").filter { $0.priority == 0 }.map(\.name) == [
                "Name", "Status", "Roles", "Age", "Version",
            ])
        #expect(TablePrinter.columns(resource: "secrets").map(\.name) == ["Name", "Type", "Data", "Age"])
    }

    @Test func watchEventsCarryHeadersOnlyFirst() {
        let first = TablePrinter.watchEventTable(
            resource: "pods", object: pod, now: f.now, includeObject: "Metadata", includeHeaders: true)
        #expect(first["metadata"] == .object([("resourceVersion", .string("42"))]))
        #expect(first["columnDefinitions"]?.array?.count == 9)
        #expect(first["rows"]?.array?.count == 1)
        let later = TablePrinter.watchEventTable(
            resource: "pods", object: pod, now: f.now, includeObject: "Metadata", includeHeaders: false)
        #expect(later["columnDefinitions"] == .null)
        #expect(later["rows"]?.array?.first?["cells"]?.array?.first == .string("web-1"))
        #expect(later.text.contains(#""columnDefinitions":null"#))
    }

    @Test func includeObjectValidation() {
        for ok in [nil, "", "None", "Metadata", "Object"] { #expect(TablePrinter.includeObjectError(ok) == nil) }
        #expect(
            TablePrinter.includeObjectError("All")
                == "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty"
        )
    }

    @Test func acceptNegotiation() {
        let kubectl =
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
        #expect(TablePrinter.tableGroupVersion(accept: kubectl) == "meta.k8s.io/v1")
        #expect(
            TablePrinter.tableGroupVersion(accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io")
                == "meta.k8s.io/v1beta1")
        #expect(TablePrinter.tableGroupVersion(accept: "application/json") == nil)
        #expect(TablePrinter.tableGroupVersion(accept: nil) == nil)
        #expect(
            TablePrinter.tableGroupVersion(accept: "application/json, application/json;as=Table;v=v1;g=meta.k8s.io")
                == nil)
        #expect(TablePrinter.tableGroupVersion(accept: "application/json;as=Table;v=v2;g=meta.k8s.io") == nil)
        let beta = TablePrinter.table(
            resource: "pods", objects: [pod], now: f.now, includeObject: "", resourceVersion: "1",
            continueToken: nil, groupVersion: "meta.k8s.io/v1beta1")
        #expect(beta["apiVersion"]?.string == "meta.k8s.io/v1beta1")
        #expect(beta["rows"]?.array?.first?[["object", "apiVersion"]]?.string == "meta.k8s.io/v1beta1")
    }
}
