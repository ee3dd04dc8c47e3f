import Testing
@testable import KubeAPI

@Suite("Tables: services (printService)")
struct TableServiceTests {
    let f = TableFixture.self

    @Test func clusterIPWithPortsAndSelector() {
        let cells = f.cells(
            "services",
            """
            {"metadata":{"name":"kube-dns","creationTimestamp":"2024-05-30T12:00:00Z"},
             "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
               "ports":[{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53,"protocol":"TCP"},{"name":"metrics","port":9153}],
               "selector":{"k8s-app":"kube-dns","tier":"a"}}}
            """)
        #expect(
            cells
                == f.strings([
                    "kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP", "2d",
                    "k8s-app=kube-dns,tier=a",
                ]))
    }

    @Test func loadBalancerPendingThenAssigned() {
        let pending = f.cells(
            "services",
            """
            {"metadata":{"name":"web"},"spec":{"type":"LoadBalancer","clusterIP":"10.96.4.2",
               "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":443,"targetPort":8443,"nodePort":30443,"protocol":"TCP"}]}}
            """)
        #expect(
            pending
                == f.strings([
                    "web", "LoadBalancer", "10.96.4.2", "<pending>", "80:30080/TCP,443:30443/TCP", "<unknown>",
                    "<none>",
                ]))
        let assigned = f.cells(
            "services",
            """
            {"metadata":{"name":"web"},"spec":{"type":"LoadBalancer","clusterIPs":["10.96.4.2"],"ports":[{"port":80,"nodePort":30080}]},
             "status":{"loadBalancer":{"ingress":[{"hostname":"a1b2c3.elb.example.com"},{"ip":"203.0.113.10"},{"ip":"203.0.113.10"}]}}}
            """)
        // Sorted, de-duplicated, and not clipped to 16 characters: the server prints wide.
        #expect(assigned[3] == .string("203.0.113.10,a1b2c3.elb.example.com"))
        let withExternal = f.cells(
            "services",
            """
            {"metadata":{"name":"web"},"spec":{"type":"LoadBalancer","externalIPs":["198.51.100.7"]},
             "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.10"}]}}}
            """)
        #expect(withExternal[3] == .string("203.0.113.10,198.51.100.7"))
        #expect(withExternal[2] == .string("<none>"))
    }

    @Test func nodePortExternalNameAndHeadless() {
        let nodePort = f.cells(
            "services",
            #"{"metadata":{"name":"np"},"spec":{"type":"NodePort","clusterIP":"10.96.1.1","externalIPs":["192.0.2.1","192.0.2.2"],"ports":[{"port":8080,"nodePort":31000,"protocol":"TCP"}]}}"#
        )
        #expect(
            Array(nodePort[1..<5]) == f.strings(["NodePort", "10.96.1.1", "192.0.2.1,192.0.2.2", "8080:31000/TCP"]))
        let external = f.cells(
            "services", #"{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}"#)
        #expect(Array(external[1..<5]) == f.strings(["ExternalName", "<none>", "db.example.com", "<none>"]))
        let headless = f.cells(
            "services",
            #"{"metadata":{"name":"h"},"spec":{"clusterIP":"None","ports":[{"port":5432,"protocol":"TCP"}]}}"#)
        #expect(Array(headless[1..<5]) == f.strings(["ClusterIP", "None", "<none>", "5432/TCP"]))
    }
}
