import Testing
@testable import KubeAPI

/// printReplicationController, printPodTemplate, printPersistentVolume(Claim), printResourceQuota,
/// printComponentStatus and printLease, cell for cell; limitranges have no printer (the default columns).
@Suite("Tables: replication controllers, pod templates, volumes, quotas, component statuses, leases")
struct TableRestOfCoreTests {
    let f = TableFixture.self

    @Test func replicationControllersAndPodTemplates() {
        let rc =
            #"{"metadata":{"name":"web","creationTimestamp":"2024-06-01T11:00:00Z"},"spec":{"replicas":3,"selector":{"tier":"front","app":"web"},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}},"status":{"replicas":2,"readyReplicas":1}}"#
        #expect(
            f.cells("replicationcontrollers", rc)
                == [
                    .string("web"), .int(3), .int(2), .int(1), .string("60m"), .string("nginx,log"),
                    .string("nginx:1.27,busybox"),
                    .string("app=web,tier=front"),
                ])
        #expect(
            TablePrinter.columns(resource: "replicationcontrollers").map(\.name)
                == ["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"])
        let template =
            #"{"metadata":{"name":"t"},"template":{"metadata":{"labels":{"b":"2","a":"1"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}"#
        #expect(f.cells("podtemplates", template) == f.strings(["t", "c", "i", "a=1,b=2"]))
        #expect(
            f.cells("podtemplates", #"{"metadata":{"name":"bare"},"template":{}}"#)
                == f.strings(["bare", "", "", "<none>"]))
    }

    @Test func persistentVolumesAndClaims() {
        let pv =
            #"{"metadata":{"name":"pv1","creationTimestamp":"2024-06-01T11:59:00Z"},"spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain","storageClassName":"fast","claimRef":{"namespace":"ns","name":"data"},"hostPath":{"path":"/d"}},"status":{"phase":"Bound"}}"#
        #expect(
            f.cells("persistentvolumes", pv)
                == f.strings([
                    "pv1", "10Gi", "RWO,RWX", "Retain", "Bound", "ns/data", "fast", "<unset>", "", "60s", "<unset>",
                ]))
        let deleting =
            #"{"metadata":{"name":"old","deletionTimestamp":"2024-06-01T12:00:00Z","annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},"spec":{"storageClassName":"fast","volumeMode":"Block"},"status":{"phase":"Released"}}"#
        let cells = f.cells("persistentvolumes", deleting)
        #expect(
            cells[1] == .string("0") && cells[4] == .string("Terminating") && cells[6] == .string("legacy")
                && cells[10] == .string("Block"))

        let pending =
            #"{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1Gi"}},"accessModes":["ReadWriteOnce"]},"status":{"phase":"Pending"}}"#
        #expect(
            f.cells("persistentvolumeclaims", pending)
                == f.strings(["data", "Pending", "", "", "", "", "<unset>", "<unknown>", "<unset>"]))
        let bound =
            #"{"metadata":{"name":"data"},"spec":{"volumeName":"pv1","storageClassName":"fast"},"status":{"phase":"Bound","accessModes":["ReadOnlyMany"],"capacity":{"storage":"10Gi"}}}"#
        #expect(
            f.cells("persistentvolumeclaims", bound).prefix(6)
                == f.strings(["data", "Bound", "pv1", "10Gi", "ROX", "fast"])[...])
    }

    @Test func quotasSplitRequestsFromLimits() {
        let quota =
            #"{"metadata":{"name":"q","creationTimestamp":"2024-06-01T11:00:00Z"},"status":{"hard":{"requests.cpu":"1","limits.memory":"2Gi","pods":"10","limits.cpu":"2"},"used":{"requests.cpu":"500m","pods":"3"}}}"#
        #expect(
            f.cells("resourcequotas", quota)
                == f.strings(["q", "pods: 3/10, requests.cpu: 500m/1", "limits.cpu: 0/2, limits.memory: 0/2Gi", "60m"]))
        #expect(
            f.cells("resourcequotas", #"{"metadata":{"name":"new"},"spec":{"hard":{"pods":"1"}}}"#)
                == f.strings(["new", "", "", "<unknown>"]))
    }

    @Test func componentStatusesAndLeases() {
        let healthy =
            #"{"metadata":{"name":"sqlite"},"conditions":[{"type":"Healthy","status":"True","message":"ok"}]}"#
        #expect(f.cells("componentstatuses", healthy) == f.strings(["sqlite", "Healthy", "ok", ""]))
        let down =
            #"{"metadata":{"name":"etcd-1"},"conditions":[{"type":"Healthy","status":"False","error":"connection refused"}]}"#
        #expect(f.cells("componentstatuses", down) == f.strings(["etcd-1", "Unhealthy", "", "connection refused"]))
        #expect(f.cells("componentstatuses", #"{"metadata":{"name":"x"}}"#) == f.strings(["x", "Unknown", "", ""]))
        let lease =
            #"{"metadata":{"name":"node-1","creationTimestamp":"2024-06-01T11:59:58Z"},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40}}"#
        #expect(f.cells("leases", lease) == f.strings(["node-1", "node-1", "2s"]))
        #expect(TablePrinter.columns(resource: "limitranges").map(\.name) == ["Name", "Created At"])
    }
}
