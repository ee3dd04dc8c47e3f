import HTTP
import KubeAPI
import Synchronization

/// What the server does to objects of each kind on the way in, as kube-apiserver's registry strategies do:
/// metadata it owns, defaults, status handling, and the labels and fields the store indexes.
public enum ObjectRules {
    /// Fields the store indexes per resource for field selectors (metadata.name/namespace always).
    static let selectableFields: [String: [[String]]] = [
        "pods": [
            ["spec", "nodeName"], ["spec", "restartPolicy"], ["spec", "schedulerName"], ["spec", "serviceAccountName"],
            ["spec", "hostNetwork"], ["status", "phase"], ["status", "podIP"], ["status", "nominatedNodeName"],
        ],
        "services": [["spec", "clusterIP"], ["spec", "type"]],
        "events": [
            ["involvedObject", "kind"], ["involvedObject", "namespace"], ["involvedObject", "name"],
            ["involvedObject", "uid"],
            ["involvedObject", "apiVersion"], ["involvedObject", "resourceVersion"], ["involvedObject", "fieldPath"],
            ["reason"], ["reportingComponent"], ["source"], ["type"],
        ],
        "secrets": [["type"]],
        "namespaces": [["status", "phase"]],
        "nodes": [["spec", "unschedulable"]],
        "replicationcontrollers": [["status", "replicas"]],
    ]

    /// Selectable fields of Go value types, which kube's ToSelectableFields formats even when the JSON
    /// leaves them out: `spec.hostNetwork=false` selects pods that never set it.
    static let goZeroValues: [String: [String: String]] = [
        "pods": ["spec.hostNetwork": "false"], "nodes": ["spec.unschedulable": "false"],
        "replicationcontrollers": ["status.replicas": "0"],
    ]

    /// Resources whose status is a subresource: the main resource's writes keep the stored status.
    static let hasStatus: Set<String> = [
        "pods", "nodes", "services", "namespaces", "replicationcontrollers", "resourcequotas",
        "persistentvolumes", "persistentvolumeclaims",
    ]

    public static func labels(_ object: JSONValue) -> [String: String] {
        var out: [String: String] = [:]
        for member in object[["metadata", "labels"]]?.members ?? [] {
            if let v = member.value.string { out[member.key] = v }
        }
        return out
    }

    public static func fields(_ object: JSONValue, resource: String) -> [String: String] {
        var out = [
            "metadata.name": object[["metadata", "name"]]?.string ?? "",
            "metadata.namespace": object[["metadata", "namespace"]]?.string ?? "",
        ]
        for path in selectableFields[resource] ?? [] {
            guard let value = object[path] else { continue }
            switch value {
            case .string(let s): out[path.joined(separator: ".")] = s
            case .bool(let b): out[path.joined(separator: ".")] = String(b)
            case .number(let n): out[path.joined(separator: ".")] = n
            default: break
            }
        }
        if resource == "events", let component = object[["source", "component"]]?.string { out["source"] = component }
        for (field, value) in goZeroValues[resource] ?? [:] where out[field] == nil { out[field] = value }
        return out
    }

    /// RFC 3339 in seconds, UTC: metav1.Time's form. Every create stamps one; the text changes once a
    /// second, so the last one is kept.
    public static func timestamp(unixNanoseconds now: Int64 = wallClockNanoseconds()) -> String {
        let seconds = now / 1_000_000_000
        return lastTimestamp.withLock { last in
            if last.seconds != seconds { last = (seconds, GoTime.rfc3339(seconds: seconds, nanos: 0, micro: false)) }
            return last.text
        }
    }

    private static let lastTimestamp = Mutex<(seconds: Int64, text: String)>((.min, ""))

    /// What kube-apiserver does to every object it decodes, before anything else (the field manager
    /// included) sees it: the Go type's value fields appear (GoValueFields) and its defaulting functions
    /// run (SetDefaults_*). What a creator or updater sends plus these is what it owns.
    static func applyDecodeDefaults(_ object: inout JSONValue, resource: ResourceInfo) {
        GoValueFields().fill(&object, apiVersion: resource.apiVersion, kind: resource.kind)
        switch resource.name {
        case "pods":
            defaultPodSpec(&object)
        case "services":
            defaultServiceSpec(&object)
        case "secrets":
            if object["type"] == nil { object.set("type", .string("Opaque")) }
        case "replicationcontrollers", "podtemplates", "persistentvolumes", "persistentvolumeclaims":
            defaultRestOfCore(&object, resource: resource.name)
        default:
            break
        }
    }

    /// Server-owned fields for a new object (kube's PrepareForCreate and the registry's allocations), set
    /// after the field manager has recorded what the creator sent: nobody owns them.
    static func prepareForCreate(_ object: inout JSONValue, resource: ResourceInfo) {
        object.editObject("metadata") { metadata in
            metadata.set("uid", .string(RandomBytes.uuid()))
            metadata.set("creationTimestamp", .string(timestamp()))
            for owned in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"] {
                metadata.set(owned, nil)
            }
        }
        switch resource.name {
        case "namespaces":
            // Required on create; not a default, since it may be removed over the object's life.
            var finalizers = object[["spec", "finalizers"]]?.array ?? []
            if !finalizers.contains(.string("kubernetes")) { finalizers.append(.string("kubernetes")) }
            object.set(path: ["spec", "finalizers"], .array(finalizers))
            object.set("status", .object([("phase", .string("Active"))]))
        case "pods":
            if object["status"] == nil || object[["status", "phase"]] == nil {
                object.set(path: ["status", "phase"], .string("Pending"))
            }
        case "services":
            allocateClusterIP(&object)
        case "nodes":
            if object["status"] == nil { object.set("status", .object([])) }
        case "replicationcontrollers", "persistentvolumes", "persistentvolumeclaims", "resourcequotas":
            prepareRestOfCoreForCreate(&object, resource: resource.name)
        default:
            break
        }
    }

    static func defaultPodSpec(_ pod: inout JSONValue) {
        let defaults: [(String, JSONValue)] = [
            ("restartPolicy", .string("Always")), ("dnsPolicy", .string("ClusterFirst")),
            ("schedulerName", .string("default-scheduler")), ("terminationGracePeriodSeconds", .int(30)),
        ]
        for (key, value) in defaults where pod[["spec", key]] == nil { pod.set(path: ["spec", key], value) }
        guard var containers = pod[["spec", "containers"]]?.array else { return }
        for i in containers.indices {
            if containers[i]["imagePullPolicy"] == nil {
                let image = containers[i]["image"]?.string ?? ""
                let tagged = image.split(separator: "/").last.map { $0.contains(":") || $0.contains("@") } ?? false
                containers[i].set(
                    "imagePullPolicy", .string(!tagged || image.hasSuffix(":latest") ? "Always" : "IfNotPresent"))
            }
            if containers[i]["terminationMessagePath"] == nil {
                containers[i].set("terminationMessagePath", .string("/dev/termination-log"))
            }
            if containers[i]["terminationMessagePolicy"] == nil {
                containers[i].set("terminationMessagePolicy", .string("File"))
            }
        }
        pod.set(path: ["spec", "containers"], .array(containers))
    }

    static func defaultServiceSpec(_ service: inout JSONValue) {
        if service[["spec", "type"]] == nil { service.set(path: ["spec", "type"], .string("ClusterIP")) }
        if service[["spec", "sessionAffinity"]] == nil {
            service.set(path: ["spec", "sessionAffinity"], .string("None"))
        }
        if var ports = service[["spec", "ports"]]?.array {
            for i in ports.indices {
                if ports[i]["protocol"] == nil { ports[i].set("protocol", .string("TCP")) }
                if ports[i]["targetPort"] == nil, let port = ports[i]["port"] { ports[i].set("targetPort", port) }
            }
            service.set(path: ["spec", "ports"], .array(ports))
        }
    }

    /// The service registry's allocation (after the field manager, as kube's): a cluster IP and its
    /// families, unless the service has one or is an ExternalName.
    static func allocateClusterIP(_ service: inout JSONValue) {
        let type = service[["spec", "type"]]?.string ?? "ClusterIP"
        if type != "ExternalName", service[["spec", "clusterIP"]] == nil {
            // A virtual IP from 10.96.0.0/12, as the default service CIDR; collisions are improbable and harmless here.
            let ip = "10.\(96 + Int.random(in: 0...15)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
            service.set(path: ["spec", "clusterIP"], .string(ip))
            service.set(path: ["spec", "clusterIPs"], .array([.string(ip)]))
            service.set(path: ["spec", "ipFamilies"], .array([.string("IPv4")]))
            service.set(path: ["spec", "ipFamilyPolicy"], .string("SingleStack"))
        }
        if service["status"] == nil { service.set("status", .object([("loadBalancer", .object([]))])) }
    }

    /// An update keeps what the server owns; the main resource keeps the stored status, the status
    /// subresource keeps everything but status. The object has had its decode defaults already.
    static func prepareForUpdate(_ new: inout JSONValue, old: JSONValue, resource: ResourceInfo, subresource: String) {
        if subresource == "status" {
            var merged = old
            merged.set("status", new["status"])
            if let rv = new[["metadata", "resourceVersion"]] { merged.set(path: ["metadata", "resourceVersion"], rv) }
            new = merged
            return
        }
        for owned in ["uid", "creationTimestamp", "namespace", "deletionTimestamp", "generateName"] {
            new.set(path: ["metadata", owned], old[["metadata", owned]])
        }
        if hasStatus.contains(resource.name) { new.set("status", old["status"]) }
        if resource.name == "services" {
            for ip in ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"] where new[["spec", ip]] == nil {
                new.set(path: ["spec", ip], old[["spec", ip]])
            }
            allocateClusterIP(&new)
        }
        if resource.name == "replicationcontrollers" { prepareControllerForUpdate(&new, old: old) }
    }
}
