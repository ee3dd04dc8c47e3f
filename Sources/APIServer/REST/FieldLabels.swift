import KubeAPI
import Storage

/// Which field selector labels each resource answers, as kube-apiserver's field label conversion functions
/// (pkg/apis/core/v1/conversion.go) say before a list, watch or deletecollection runs: a label a resource
/// does not support is a 400, not a selector that quietly matches nothing.
enum FieldLabels {
    /// Resources with a conversion function of their own; every other resource takes the default one
    /// (`metadata.name` and `metadata.namespace`). Nodes and namespaces leave out `metadata.namespace`,
    /// as kube's do.
    static let supported: [String: Set<String>] = [
        "pods": [
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName",
        ],
        "nodes": ["metadata.name", "spec.unschedulable"],
        "replicationcontrollers": ["metadata.name", "metadata.namespace", "status.replicas"],
        "events": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type", "metadata.namespace", "metadata.name",
        ],
        "namespaces": ["status.phase", "metadata.name"],
        "secrets": ["type", "metadata.namespace", "metadata.name"],
        "services": ["metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"],
    ]

    /// Labels older clients send under another name: v1 clients' `spec.host` is a pod's `spec.nodeName`.
    static let renamed: [String: [String: String]] = ["pods": ["spec.host": "spec.nodeName"]]

    /// The selector with every label checked and renamed for `resource`, or kube's BadRequest message.
    static func convert(_ selector: FieldSelector, resource: String) throws(StatusError) -> FieldSelector {
        var converted = selector
        for index in converted.requirements.indices {
            let label = converted.requirements[index].field
            if let name = renamed[resource]?[label] {
                converted.requirements[index].field = name
            } else if let labels = supported[resource] {
                guard labels.contains(label) else { throw .badRequest("field label not supported: \(label)") }
            } else if label != "metadata.name" && label != "metadata.namespace" {
                throw .badRequest(
                    "\"\(label)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
        }
        return converted
    }
}
