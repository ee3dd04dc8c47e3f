/// The resources served, as discovery, the REST layer, tables and validation all need to know them.
public enum ResourceCatalog {
    static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// core/v1 as kube-apiserver serves it (the subset kube-console implements).
    public static let coreV1: [ResourceInfo] = [
        ResourceInfo(
            name: "namespaces", singularName: "namespace", kind: "Namespace", group: "", version: "v1",
            namespaced: false,
            shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
            subresources: ["status"]),
        ResourceInfo(
            name: "nodes", singularName: "node", kind: "Node", group: "", version: "v1", namespaced: false,
            shortNames: ["no"], verbs: allVerbs, subresources: ["status"]),
        ResourceInfo(
            name: "pods", singularName: "pod", kind: "Pod", group: "", version: "v1", namespaced: true,
            shortNames: ["po"], verbs: allVerbs, subresources: ["status", "binding", "eviction"]),
        ResourceInfo(
            name: "services", singularName: "service", kind: "Service", group: "", version: "v1", namespaced: true,
            shortNames: ["svc"],
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            subresources: ["status"]),
        ResourceInfo(
            name: "endpoints", singularName: "endpoints", kind: "Endpoints", group: "", version: "v1", namespaced: true,
            shortNames: ["ep"], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "events", singularName: "event", kind: "Event", group: "", version: "v1", namespaced: true,
            shortNames: ["ev"], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "secrets", singularName: "secret", kind: "Secret", group: "", version: "v1", namespaced: true,
            shortNames: [], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "configmaps", singularName: "configmap", kind: "ConfigMap", group: "", version: "v1",
            namespaced: true,
            shortNames: ["cm"], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "serviceaccounts", singularName: "serviceaccount", kind: "ServiceAccount", group: "", version: "v1",
            namespaced: true,
            shortNames: ["sa"], verbs: allVerbs, subresources: ["token"]),
        ResourceInfo(
            name: "replicationcontrollers", singularName: "replicationcontroller", kind: "ReplicationController",
            group: "",
            version: "v1", namespaced: true, shortNames: ["rc"], verbs: allVerbs, subresources: ["status", "scale"]),
        ResourceInfo(
            name: "podtemplates", singularName: "podtemplate", kind: "PodTemplate", group: "", version: "v1",
            namespaced: true,
            shortNames: [], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "limitranges", singularName: "limitrange", kind: "LimitRange", group: "", version: "v1",
            namespaced: true,
            shortNames: ["limits"], verbs: allVerbs, subresources: []),
        ResourceInfo(
            name: "resourcequotas", singularName: "resourcequota", kind: "ResourceQuota", group: "", version: "v1",
            namespaced: true,
            shortNames: ["quota"], verbs: allVerbs, subresources: ["status"]),
        ResourceInfo(
            name: "persistentvolumes", singularName: "persistentvolume", kind: "PersistentVolume", group: "",
            version: "v1",
            namespaced: false, shortNames: ["pv"], verbs: allVerbs, subresources: ["status"]),
        ResourceInfo(
            name: "persistentvolumeclaims", singularName: "persistentvolumeclaim", kind: "PersistentVolumeClaim",
            group: "",
            version: "v1", namespaced: true, shortNames: ["pvc"], verbs: allVerbs, subresources: ["status"]),
        // Read-only and stored nowhere: the health of the store, worked out when asked.
        ResourceInfo(
            name: "componentstatuses", singularName: "componentstatus", kind: "ComponentStatus", group: "",
            version: "v1",
            namespaced: false, shortNames: ["cs"], verbs: ["get", "list"], subresources: []),
    ]

    /// authentication.k8s.io/v1: who a request is from (`kubectl auth whoami`) and whether a token is good;
    /// create-only and stored nowhere, like the access reviews.
    public static let authenticationV1: [ResourceInfo] = [
        ResourceInfo(
            name: "selfsubjectreviews", singularName: "selfsubjectreview", kind: "SelfSubjectReview",
            group: "authentication.k8s.io", version: "v1", namespaced: false, shortNames: [], verbs: ["create"],
            subresources: []),
        ResourceInfo(
            name: "tokenreviews", singularName: "tokenreview", kind: "TokenReview",
            group: "authentication.k8s.io", version: "v1", namespaced: false, shortNames: [], verbs: ["create"],
            subresources: []),
    ]

    /// authorization.k8s.io/v1: reviews are create-only and stored nowhere.
    public static let authorizationV1: [ResourceInfo] = [
        ResourceInfo(
            name: "selfsubjectaccessreviews", singularName: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview",
            group: "authorization.k8s.io", version: "v1", namespaced: false, shortNames: [], verbs: ["create"],
            subresources: []),
        ResourceInfo(
            name: "selfsubjectrulesreviews", singularName: "selfsubjectrulesreview", kind: "SelfSubjectRulesReview",
            group: "authorization.k8s.io", version: "v1", namespaced: false, shortNames: [], verbs: ["create"],
            subresources: []),
        ResourceInfo(
            name: "subjectaccessreviews", singularName: "subjectaccessreview", kind: "SubjectAccessReview",
            group: "authorization.k8s.io", version: "v1", namespaced: false, shortNames: [], verbs: ["create"],
            subresources: []),
    ]

    /// coordination.k8s.io/v1: kubelets' heartbeats in kube-node-lease and clients' leader election.
    public static let coordinationV1: [ResourceInfo] = [
        ResourceInfo(
            name: "leases", singularName: "lease", kind: "Lease", group: "coordination.k8s.io", version: "v1",
            namespaced: true,
            shortNames: [], verbs: allVerbs, subresources: [])
    ]

    /// Named groups in kube-apiserver's order (authentication before authorization, as `/apis` lists them).
    public static let all = coreV1 + authenticationV1 + authorizationV1 + coordinationV1

    /// The resources kept in the store (every one that can be watched), core and named groups alike.
    public static var stored: [ResourceInfo] { all.filter { $0.verbs.contains("watch") } }

    public static func core(_ name: String) -> ResourceInfo? { coreV1.first { $0.name == name } }

    public static func byKind(_ kind: String) -> ResourceInfo? { all.first { $0.kind == kind } }
}
