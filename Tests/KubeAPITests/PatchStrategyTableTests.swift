import Testing
@testable import KubeAPI

/// The strategic-merge strategy table against the core/v1 struct tags (patchStrategy / patchMergeKey, as
/// compiled into kubectl v1.32): a wrong entry here silently changes what every strategic patch does.
@Suite("Patch: strategy table")
struct PatchStrategyTableTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        var kind: String
        var path: String
        var strategy: PatchStrategy
        var testDescription: String { "\(kind) \(path)" }
    }

    @Test(arguments: [
        Entry(kind: "Pod", path: "metadata.finalizers", strategy: .mergePrimitives),
        Entry(kind: "Pod", path: "metadata.ownerReferences", strategy: .merge(by: "uid")),
        Entry(kind: "Pod", path: "spec.containers", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.initContainers", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.ephemeralContainers", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.containers.ports", strategy: .merge(by: "containerPort")),
        Entry(kind: "Pod", path: "spec.containers.env", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.containers.volumeMounts", strategy: .merge(by: "mountPath")),
        Entry(kind: "Pod", path: "spec.containers.volumeDevices", strategy: .merge(by: "devicePath")),
        Entry(kind: "Pod", path: "spec.initContainers.env", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.ephemeralContainers.volumeMounts", strategy: .merge(by: "mountPath")),
        Entry(kind: "Pod", path: "spec.volumes", strategy: .merge(by: "name", retainKeys: true)),
        Entry(kind: "Pod", path: "spec.imagePullSecrets", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.hostAliases", strategy: .merge(by: "ip")),
        Entry(kind: "Pod", path: "spec.topologySpreadConstraints", strategy: .merge(by: "topologyKey")),
        Entry(kind: "Pod", path: "spec.schedulingGates", strategy: .merge(by: "name")),
        Entry(kind: "Pod", path: "spec.resourceClaims", strategy: .merge(by: "name", retainKeys: true)),
        Entry(kind: "Pod", path: "status.conditions", strategy: .merge(by: "type")),
        Entry(kind: "Pod", path: "status.podIPs", strategy: .merge(by: "ip")),
        Entry(kind: "Pod", path: "status.hostIPs", strategy: .merge(by: "ip")),
        Entry(kind: "Pod", path: "status.resourceClaimStatuses", strategy: .merge(by: "name", retainKeys: true)),
        Entry(kind: "Node", path: "spec.podCIDRs", strategy: .mergePrimitives),
        Entry(kind: "Node", path: "status.addresses", strategy: .merge(by: "type")),
        Entry(kind: "Node", path: "status.conditions", strategy: .merge(by: "type")),
        Entry(kind: "Service", path: "spec.ports", strategy: .merge(by: "port")),
        Entry(kind: "Service", path: "status.conditions", strategy: .merge(by: "type")),
        Entry(kind: "Namespace", path: "status.conditions", strategy: .merge(by: "type")),
        Entry(kind: "ServiceAccount", path: "secrets", strategy: .merge(by: "name")),
        Entry(kind: "ConfigMap", path: "metadata.finalizers", strategy: .mergePrimitives),
        Entry(kind: "Secret", path: "metadata.ownerReferences", strategy: .merge(by: "uid")),
        Entry(kind: "Endpoints", path: "metadata.ownerReferences", strategy: .merge(by: "uid")),
        Entry(kind: "Event", path: "metadata.finalizers", strategy: .mergePrimitives),
        // Fields that look mergeable but carry no tag, so they are replaced.
        Entry(kind: "Pod", path: "spec.tolerations", strategy: .none),
        Entry(kind: "Pod", path: "spec.containers.envFrom", strategy: .none),
        Entry(kind: "Pod", path: "spec.containers.args", strategy: .none),
        Entry(kind: "Pod", path: "spec.readinessGates", strategy: .none),
        Entry(kind: "Pod", path: "status.containerStatuses", strategy: .none),
        Entry(kind: "Node", path: "spec.taints", strategy: .none),
        Entry(kind: "Node", path: "status.images", strategy: .none),
        Entry(kind: "Namespace", path: "spec.finalizers", strategy: .none),
        Entry(kind: "ServiceAccount", path: "imagePullSecrets", strategy: .none),
        Entry(kind: "Endpoints", path: "subsets", strategy: .none),
        Entry(kind: "Endpoints", path: "subsets.ports", strategy: .none),
        Entry(kind: "Service", path: "spec.containers", strategy: .none),
    ])
    func strategies(_ e: Entry) {
        #expect(
            PatchStrategies.strategy(kind: e.kind, path: e.path.split(separator: ".").map(String.init)) == e.strategy)
    }

    // Every merged list of objects needs a merge key, or a patch to it fails; primitive merge lists need none.
    @Test func everyMergeListOfObjectsHasAKey() {
        let primitive: Set = [
            "metadata.finalizers", "spec.podCIDRs", "spec.template.metadata.finalizers", "template.metadata.finalizers",
        ]
        for (kind, fields) in PatchStrategies.table {
            for (path, s) in fields where s.merge {
                #expect((s.mergeKey != nil) != primitive.contains(path), "\(kind) \(path)")
            }
        }
    }
}
