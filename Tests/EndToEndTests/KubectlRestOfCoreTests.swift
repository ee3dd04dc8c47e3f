import Foundation
import Testing
import TestSupport

/// kubectl 1.32 on the rest of core/v1 and leases: the kinds by their short names, `scale` through the scale
/// subresource, `drain` through pods/eviction, and `explain` with k8s.io/api's descriptions.
@Suite("kubectl end to end: the rest of core/v1", .timeLimit(.minutes(3)))
struct KubectlRestOfCoreTests {
    typealias Cluster = KubectlTests.Cluster

    static let manifests = """
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: web}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: nginx, image: "nginx:1.27"}]
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv1}
        spec:
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          hostPath: {path: /srv/pv1}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: quota1}
        spec: {hard: {pods: "10"}}
        ---
        apiVersion: v1
        kind: LimitRange
        metadata: {name: limits1}
        spec:
          limits: [{type: Container, default: {cpu: 500m}}]
        ---
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: tmpl}
        template:
          metadata: {labels: {role: batch}}
          spec:
            containers: [{name: job, image: busybox}]
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: lock1}
        spec: {holderIdentity: holder-a, leaseDurationSeconds: 15}
        """

    @Test func getByShortNamesAndScale() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let created = try c.run("create", "-f", try c.file("kinds.yaml", Self.manifests))
        #expect(created.status == 0, "\(created.stderr)")
        let all = try c.run("get", "rc,pvc,pv,quota,limits,podtemplates,leases")
        #expect(all.status == 0, "\(all.stderr)")
        for name in [
            "replicationcontroller/web", "persistentvolumeclaim/data", "persistentvolume/pv1", "resourcequota/quota1",
            "limitrange/limits1", "podtemplate/tmpl", "lease.coordination.k8s.io/lock1",
        ] {
            #expect(all.stdout.contains(name), "\(name) missing from:\n\(all.stdout)")
        }
        // The printers' columns: the controller's replicas, the claim's and volume's state, the lease's holder.
        #expect(
            all.stdout.contains("DESIRED") && all.stdout.contains("RECLAIM POLICY") && all.stdout.contains("HOLDER"))
        #expect(all.stdout.contains("holder-a") && all.stdout.contains("Retain") && all.stdout.contains("role=batch"))
        #expect(try c.run("get", "rc", "web", "-o", "jsonpath={.spec.replicas} {.spec.selector.app}").stdout == "1 web")

        let scaled = try c.run("scale", "rc", "web", "--replicas=3")
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(scaled.stdout.contains("replicationcontroller/web scaled"))
        #expect(try c.run("get", "rc", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}").stdout == "3 2")
        let cs = try c.run("get", "componentstatuses")
        #expect(cs.stdout.contains("sqlite") && cs.stdout.contains("Healthy"), "\(cs.stdout)\(cs.stderr)")
    }

    @Test func drainEvictsThePodsOfTheNode() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let node = #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"}}"#
        #expect(try c.run("create", "-f", "-", input: node).status == 0)
        for pod in ["a", "b", "elsewhere"] {
            let spec =
                #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(pod)"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
            #expect(try c.run("create", "-f", "-", input: spec).status == 0)
        }
        // The scheduler's binding puts a and b on node-1.
        for pod in ["a", "b"] {
            let binding =
                #"{"apiVersion":"v1","kind":"Binding","metadata":{"name":"\#(pod)"},"target":{"kind":"Node","name":"node-1"}}"#
            let bound = try c.run(
                "create", "--raw", "/api/v1/namespaces/default/pods/\(pod)/binding", "-f", "-", input: binding)
            #expect(bound.status == 0, "\(bound.stderr)")
        }
        let drained = try c.run("drain", "node-1", "--force", "--ignore-daemonsets", "--timeout=30s")
        #expect(drained.status == 0, "\(drained.stderr)")
        // "evicting pod": kubectl found pods/eviction in discovery and used it (it says "deleting pod" otherwise).
        #expect(
            drained.stdout.contains("evicting pod default/a") && drained.stdout.contains("evicting pod default/b"),
            "\(drained.stdout)")
        #expect(drained.stdout.contains("node/node-1 drained"))
        #expect(
            try c.run("get", "pods", "-o", "name").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "pod/elsewhere")
        #expect(try c.run("get", "node", "node-1", "-o", "jsonpath={.spec.unschedulable}").stdout == "true")
    }

    @Test func explainShowsTheUpstreamDescriptions() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let explained = try c.run("explain", "pods.spec.containers")
        #expect(explained.status == 0, "\(explained.stderr)")
        let text = explained.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            text.contains("List of containers belonging to the pod. Containers cannot currently be added or removed."),
            "\(explained.stdout)")
        #expect(text.contains("A single application container that you want to run within a pod."))
        #expect(
            text.contains("imagePullPolicy <string>")
                && text.contains("Image pull policy. One of Always, Never, IfNotPresent."))
        #expect(!explained.stdout.contains("<no description>"))
        let lease = try c.run("explain", "leases.spec.holderIdentity")
        #expect(
            lease.stdout.contains("holderIdentity contains the identity of the holder of a current lease."),
            "\(lease.stdout)\(lease.stderr)")
    }
}
