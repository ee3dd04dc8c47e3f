import KubeAPI

/// The registry strategies and defaults of the rest of core/v1 (kube's SetDefaults_* and PrepareForCreate):
/// replication controllers and pod templates default their pod template, controllers their replicas and
/// selector, volumes and claims start Pending. No controller runs here, so a controller's status stays at
/// zero replicas and a quota's status stays empty, as they would with kube-controller-manager stopped.
extension ObjectRules {
    /// SetDefaults_*: a template's pod spec, a controller's selector, labels and replicas from its template,
    /// a volume's reclaim policy and mode, a claim's volume mode.
    static func defaultRestOfCore(_ object: inout JSONValue, resource: String) {
        switch resource {
        case "replicationcontrollers":
            defaultTemplateSpec(&object, at: ["spec", "template"])
            let templateLabels = object[["spec", "template", "metadata", "labels"]]
            if object[["spec", "selector"]]?.members?.isEmpty ?? true, let templateLabels {
                object.set(path: ["spec", "selector"], templateLabels)
            }
            if object[["metadata", "labels"]]?.members?.isEmpty ?? true, let templateLabels {
                object.set(path: ["metadata", "labels"], templateLabels)
            }
            if object[["spec", "replicas"]] == nil || object[["spec", "replicas"]]?.isNull == true {
                object.set(path: ["spec", "replicas"], .int(1))
            }
        case "podtemplates":
            defaultTemplateSpec(&object, at: ["template"])
        case "persistentvolumes":
            if object[["spec", "persistentVolumeReclaimPolicy"]] == nil {
                object.set(path: ["spec", "persistentVolumeReclaimPolicy"], .string("Retain"))
            }
            if object[["spec", "volumeMode"]] == nil {
                object.set(path: ["spec", "volumeMode"], .string("Filesystem"))
            }
        case "persistentvolumeclaims":
            if object[["spec", "volumeMode"]] == nil {
                object.set(path: ["spec", "volumeMode"], .string("Filesystem"))
            }
        default:
            break
        }
    }

    /// PrepareForCreate: a controller's generation and empty status, volumes and claims Pending, a quota's
    /// empty status.
    static func prepareRestOfCoreForCreate(_ object: inout JSONValue, resource: String) {
        switch resource {
        case "replicationcontrollers":
            object.set(path: ["metadata", "generation"], .int(1))
            object.set("status", .object([("replicas", .int(0))]))
        case "persistentvolumes":
            object.set(
                "status", .object([("phase", .string("Pending")), ("lastPhaseTransitionTime", .string(timestamp()))]))
        case "persistentvolumeclaims":
            object.set("status", .object([("phase", .string("Pending"))]))
        case "resourcequotas":
            object.set("status", .object([]))
        default:
            break
        }
    }

    /// A controller's generation goes up when its spec changes.
    static func prepareControllerForUpdate(_ new: inout JSONValue, old: JSONValue) {
        let generation = old[["metadata", "generation"]]?.int ?? 1
        new.set(path: ["metadata", "generation"], .int(new["spec"] == old["spec"] ? generation : generation + 1))
    }

    /// The pod spec inside a template gets a pod's defaults.
    static func defaultTemplateSpec(_ object: inout JSONValue, at path: [String]) {
        guard case .object = object[path + ["spec"]] else { return }
        var pod = JSONValue.object([("spec", object[path + ["spec"]] ?? .object([]))])
        defaultPodSpec(&pod)
        object.set(path: path + ["spec"], pod["spec"])
    }
}
