import Testing
@testable import KubeAPI

@Suite("Tables: namespaces, configmaps, secrets, serviceaccounts, endpoints, default")
struct TableSimpleTests {
    let f = TableFixture.self

    @Test func namespaces() {
        #expect(
            f.cells(
                "namespaces",
                #"{"metadata":{"name":"default","creationTimestamp":"2024-06-01T09:00:00Z"},"status":{"phase":"Active"}}"#
            )
                == f.strings(["default", "Active", "3h"]))
        #expect(
            f.cells("namespaces", #"{"metadata":{"name":"old"},"status":{"phase":"Terminating"}}"#)[1]
                == .string("Terminating"))
        #expect(f.cells("namespaces", #"{"metadata":{"name":"new"}}"#)[1] == .string("Active"))
    }

    @Test func configMapsAndSecretsCountKeys() {
        #expect(
            f.cells(
                "configmaps",
                #"{"metadata":{"name":"cfg","creationTimestamp":"2024-06-01T11:59:30Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"#
            )
                == [.string("cfg"), .int(3), .string("30s")])
        #expect(f.cells("configmaps", #"{"metadata":{"name":"empty"}}"#)[1] == .int(0))
        #expect(
            f.cells(
                "secrets",
                #"{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"eA==","tls.key":"eQ=="}}"#)
                == [.string("tls"), .string("kubernetes.io/tls"), .int(2), .string("<unknown>")])
        #expect(f.cells("secrets", #"{"metadata":{"name":"s"},"data":{"k":"dg=="}}"#)[1] == .string("Opaque"))
    }

    @Test func serviceAccounts() {
        #expect(
            f.cells("serviceaccounts", #"{"metadata":{"name":"default"}}"#) == [
                .string("default"), .int(0), .string("<unknown>"),
            ])
        #expect(f.cells("serviceaccounts", #"{"metadata":{"name":"b"},"secrets":[{"name":"b-token"}]}"#)[1] == .int(1))
    }

    @Test func endpoints() {
        func column(_ subsets: String) -> JSONValue {
            f.cells("endpoints", #"{"metadata":{"name":"e"},"subsets":"# + subsets + "}")[1]
        }
        #expect(column("[]") == .string("<none>"))
        #expect(
            column(#"[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80}]}]"#)
                == .string("10.0.0.1:80,10.0.0.2:80"))
        #expect(
            column(
                #"[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"}],"ports":[{"port":80},{"port":443}]}]"#
            )
                == .string("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more..."))
        #expect(column(#"[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":6443}]}]"#) == .string("[fd00::1]:6443"))
        #expect(column(#"[{"addresses":[{"ip":"10.0.0.7"}]}]"#) == .string("10.0.0.7"))
        #expect(column(#"[{"notReadyAddresses":[{"ip":"10.0.0.7"}],"ports":[{"port":80}]}]"#) == .string(""))
    }

    @Test func defaultConvertorForUnprintedResources() {
        let cells = f.cells(
            "selfsubjectaccessreviews", #"{"metadata":{"name":"r","creationTimestamp":"2024-06-01T10:00:00.5+02:00"}}"#)
        #expect(cells == f.strings(["r", "2024-06-01T08:00:00Z"]))
        #expect(f.cells("widgets", #"{"metadata":{}}"#) == f.strings(["", "0001-01-01T00:00:00Z"]))
        #expect(TablePrinter.columns(resource: "widgets").map(\.name) == ["Name", "Created At"])
        #expect(TablePrinter.columns(resource: "widgets")[1].type == "date")
    }
}
