import KubeAPI

/// audit.k8s.io/v1 `ObjectReference`, in its JSON field order.
struct AuditObjectReference: Sendable, Equatable {
    var resource = ""
    var namespace = ""
    var name = ""
    var uid = ""
    var apiGroup = ""
    var apiVersion = ""
    var resourceVersion = ""
    var subresource = ""

    init(_ a: RequestAttributes) {
        resource = a.resource
        namespace = a.namespace
        name = a.name
        apiGroup = a.apiGroup
        apiVersion = a.apiVersion
        subresource = a.subresource
    }

    /// kube's LogRequestObject: what the request names is kept; what it leaves empty comes from the
    /// object's metadata.
    mutating func complete(from object: [UInt8]) {
        guard let parsed = try? JSONParser.parse(object), case .object(let fields) = parsed,
            let metadata = fields.first(where: { $0.key == "metadata" })?.value, case .object(let meta) = metadata
        else { return }
        func field(_ key: String) -> String {
            if case .string(let s)? = meta.first(where: { $0.key == key })?.value { return s }
            return ""
        }
        if namespace.isEmpty { namespace = field("namespace") }
        if name.isEmpty { name = field("name") }
        if uid.isEmpty { uid = field("uid") }
        if resourceVersion.isEmpty { resourceVersion = field("resourceVersion") }
    }
}
