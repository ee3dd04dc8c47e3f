import Testing
@testable import KubeAPI

@Suite("Tables: nodes (printNode)")
struct TableNodeTests {
    let f = TableFixture.self

    @Test func readyControlPlaneNode() {
        let cells = f.cells(
            "nodes",
            """
            {"metadata":{"name":"cp-1","creationTimestamp":"2024-03-01T12:00:00Z",
               "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/":"","kubernetes.io/role":"master","kubernetes.io/hostname":"cp-1"}},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}],
               "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"cp-1"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0-18-amd64","containerRuntimeVersion":"containerd://1.7.13"}}}
            """)
        #expect(
            cells
                == f.strings([
                    "cp-1", "Ready", "control-plane,master", "92d", "v1.32.0", "192.168.1.10", "<none>",
                    "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.7.13",
                ]))
    }

    @Test func notReadyCordonedAndUnknown() {
        let notReady = f.cells(
            "nodes",
            """
            {"metadata":{"name":"w-2","creationTimestamp":"2024-06-01T11:59:00Z"},"spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown"}],
               "addresses":[{"type":"ExternalIP","address":"203.0.113.5"}]}}
            """)
        #expect(
            notReady
                == f.strings([
                    "w-2", "NotReady,SchedulingDisabled", "<none>", "60s", "", "<none>", "203.0.113.5",
                    "<unknown>", "<unknown>", "<unknown>",
                ]))
        let fresh = f.cells("nodes", #"{"metadata":{"name":"n"}}"#)
        #expect(fresh[1] == .string("Unknown"))
    }
}
