/// How one field behaves in a strategic merge patch: the `patchStrategy` and `patchMergeKey` struct tags of
/// k8s.io/api core/v1 (checked against the tags compiled into kubectl v1.32). A field not listed has none:
/// its maps merge key by key and its lists are replaced whole. (No core/v1 field served here has the "replace"
/// strategy for maps, so it is not modelled.)
struct PatchStrategy: Equatable, Sendable {
    /// patchStrategy "merge": lists merge, by `mergeKey` for lists of objects and as sets for primitives.
    var merge = false
    /// patchStrategy "retainKeys": tells clients to send `$retainKeys`; the server honours that directive wherever it appears.
    var retainKeys = false
    /// patchMergeKey: the field that identifies an element of a merged list of objects.
    var mergeKey: String?

    static let none = PatchStrategy()
    static let mergePrimitives = PatchStrategy(merge: true)
    static func merge(by key: String, retainKeys: Bool = false) -> PatchStrategy {
        PatchStrategy(merge: true, retainKeys: retainKeys, mergeKey: key)
    }
}

/// The strategies of the kinds served, keyed by kind and by field path. A path names fields only: list
/// elements are transparent, so "spec.containers.ports" is every container's ports.
enum PatchStrategies {
    static func strategy(kind: String, path: [String]) -> PatchStrategy {
        let key = path.joined(separator: ".")
        return (table[kind] ?? objectMeta)[key] ?? .none
    }

    /// The kinds with strategies beyond ObjectMeta's; any other kind (ConfigMap, Secret, Endpoints, Event, and
    /// kinds not in this table) gets ObjectMeta's alone. Endpoints.subsets, Node.spec.taints,
    /// PodSpec.tolerations, Container.envFrom and ServiceAccount.imagePullSecrets carry no strategy.
    static let table: [String: [String: PatchStrategy]] = [
        "Pod":
            objectMeta
            .merging(under: "spec", podSpec)
            .merging(under: "status", podStatus),
        "Node": objectMeta.merging([
            "spec.podCIDRs": .mergePrimitives,
            "status.addresses": .merge(by: "type"),
            "status.conditions": .merge(by: "type"),
        ]),
        "Service": objectMeta.merging([
            "spec.ports": .merge(by: "port"),
            "status.conditions": .merge(by: "type"),
        ]),
        "Namespace": objectMeta.merging([
            "status.conditions": .merge(by: "type")
        ]),
        "ServiceAccount": objectMeta.merging([
            "secrets": .merge(by: "name")
        ]),
        "ReplicationController":
            objectMeta
            .merging(under: "spec.template.spec", podSpec)
            .merging([
                "spec.template.metadata.finalizers": .mergePrimitives,
                "spec.template.metadata.ownerReferences": .merge(by: "uid"),
                "status.conditions": .merge(by: "type"),
            ]),
        "PodTemplate":
            objectMeta
            .merging(under: "template.spec", podSpec)
            .merging([
                "template.metadata.finalizers": .mergePrimitives,
                "template.metadata.ownerReferences": .merge(by: "uid"),
            ]),
        "PersistentVolumeClaim": objectMeta.merging([
            "status.conditions": .merge(by: "type")
        ]),
        "ComponentStatus": objectMeta.merging([
            "conditions": .merge(by: "type")
        ]),
    ]

    /// ObjectMeta, in every kind.
    static let objectMeta: [String: PatchStrategy] = [
        "metadata.finalizers": .mergePrimitives,
        "metadata.ownerReferences": .merge(by: "uid"),
    ]

    /// Container, and EphemeralContainerCommon, which carries the same tags.
    static let container: [String: PatchStrategy] = [
        "ports": .merge(by: "containerPort"),
        "env": .merge(by: "name"),
        "volumeMounts": .merge(by: "mountPath"),
        "volumeDevices": .merge(by: "devicePath"),
    ]

    static let podSpec: [String: PatchStrategy] = [
        "volumes": .merge(by: "name", retainKeys: true),
        "containers": .merge(by: "name"),
        "initContainers": .merge(by: "name"),
        "ephemeralContainers": .merge(by: "name"),
        "imagePullSecrets": .merge(by: "name"),
        "hostAliases": .merge(by: "ip"),
        "topologySpreadConstraints": .merge(by: "topologyKey"),
        "schedulingGates": .merge(by: "name"),
        "resourceClaims": .merge(by: "name", retainKeys: true),
    ]
    .merging(under: "containers", container)
    .merging(under: "initContainers", container)
    .merging(under: "ephemeralContainers", container)

    /// The container status lists themselves carry no strategy (they are replaced whole), so the tags inside
    /// ContainerStatus (volumeMounts, allocatedResourcesStatus) never come into play.
    static let podStatus: [String: PatchStrategy] = [
        "conditions": .merge(by: "type"),
        "podIPs": .merge(by: "ip"),
        "hostIPs": .merge(by: "ip"),
        "resourceClaimStatuses": .merge(by: "name", retainKeys: true),
    ]
}

private extension Dictionary where Key == String, Value == PatchStrategy {
    func merging(_ other: [String: PatchStrategy]) -> [String: PatchStrategy] {
        merging(other) { _, new in new }
    }

    /// `other`'s paths placed under `prefix`, added to these.
    func merging(under prefix: String, _ other: [String: PatchStrategy]) -> [String: PatchStrategy] {
        merging(Dictionary(uniqueKeysWithValues: other.map { ("\(prefix).\($0.key)", $0.value) }))
    }
}
