/// One `columnDefinitions` entry of a meta.k8s.io Table.
public struct TableColumnDefinition: Sendable, Equatable {
    public var name: String
    public var type: String
    public var format: String
    public var description: String
    /// 0: always shown; 1: only with `kubectl get -o wide`.
    public var priority: Int

    init(_ name: String, _ description: String, type: String = "string", format: String = "", priority: Int = 0) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    public var json: JSONValue {
        .object([
            ("name", .string(name)), ("type", .string(type)), ("format", .string(format)),
            ("description", .string(description)), ("priority", .int(priority)),
        ])
    }
}

/// The columns pkg/printers/internalversion registers for each type. kube-apiserver prints with `Wide: true`,
/// so the priority-1 columns are always sent and kubectl hides them unless asked for `-o wide`.
enum TableColumns {
    typealias D = TableDescriptions
    static let name = TableColumnDefinition("Name", D.name, format: "name")
    static let age = TableColumnDefinition("Age", D.creationTimestamp)

    static func forResource(_ resource: String) -> [TableColumnDefinition] {
        switch resource {
        case "pods": pods
        case "services": services
        case "nodes": nodes
        case "events": events
        case "namespaces": [name, .init("Status", D.namespaceStatus), age]
        case "configmaps": [name, .init("Data", D.configMapData), age]
        case "secrets": [name, .init("Type", D.secretType), .init("Data", D.secretData), age]
        case "serviceaccounts": [name, .init("Secrets", D.serviceAccountSecrets), age]
        case "endpoints": [name, .init("Endpoints", D.endpointsSubsets), age]
        case "replicationcontrollers": replicationControllers
        case "podtemplates":
            [
                name, .init("Containers", D.templateContainers), .init("Images", D.templateImages),
                .init("Pod Labels", D.podTemplateLabels),
            ]
        case "persistentvolumes": persistentVolumes
        case "persistentvolumeclaims": persistentVolumeClaims
        case "resourcequotas": [name, .init("Request", D.quotaRequest), .init("Limit", D.quotaLimit), age]
        case "componentstatuses":
            [
                name, .init("Status", D.componentStatus), .init("Message", D.componentMessage),
                .init("Error", D.componentError),
            ]
        case "leases": [name, .init("Holder", D.leaseHolder), age]
        default: defaultColumns
        }
    }

    static let pods: [TableColumnDefinition] = [
        name, .init("Ready", D.podReady), .init("Status", D.podStatus), .init("Restarts", D.podRestarts), age,
        .init("IP", D.podIP, priority: 1), .init("Node", D.nodeName, priority: 1),
        .init("Nominated Node", D.nominatedNodeName, priority: 1),
        .init("Readiness Gates", D.readinessGates, priority: 1),
    ]

    static let services: [TableColumnDefinition] = [
        name, .init("Type", D.serviceType), .init("Cluster-IP", D.clusterIP), .init("External-IP", D.externalIPs),
        .init("Port(s)", D.ports), age, .init("Selector", D.selector, priority: 1),
    ]

    static let nodes: [TableColumnDefinition] = [
        name, .init("Status", D.nodeStatus), .init("Roles", D.nodeRoles), age, .init("Version", D.kubeletVersion),
        .init("Internal-IP", D.addresses, priority: 1), .init("External-IP", D.addresses, priority: 1),
        .init("OS-Image", D.osImage, priority: 1), .init("Kernel-Version", D.kernelVersion, priority: 1),
        .init("Container-Runtime", D.containerRuntimeVersion, priority: 1),
    ]

    static let events: [TableColumnDefinition] = [
        .init("Last Seen", D.lastTimestamp), .init("Type", D.eventType), .init("Reason", D.reason),
        .init("Object", D.involvedObject), .init("Subobject", D.fieldPath, priority: 1),
        .init("Source", D.source, priority: 1),
        .init("Message", D.message), .init("First Seen", D.firstTimestamp, priority: 1),
        .init("Count", D.count, priority: 1),
        .init("Name", D.name, format: "name", priority: 1),
    ]

    static let replicationControllers: [TableColumnDefinition] = [
        name, .init("Desired", D.rcDesired, type: "integer"), .init("Current", D.rcCurrent, type: "integer"),
        .init("Ready", D.rcReady, type: "integer"), age, .init("Containers", D.templateContainers, priority: 1),
        .init("Images", D.templateImages, priority: 1), .init("Selector", D.rcSelector, priority: 1),
    ]

    static let persistentVolumes: [TableColumnDefinition] = [
        name, .init("Capacity", D.pvCapacity), .init("Access Modes", D.pvAccessModes),
        .init("Reclaim Policy", D.pvReclaimPolicy),
        .init("Status", D.pvPhase), .init("Claim", D.pvClaimRef), .init("StorageClass", "StorageClass of the pv"),
        .init("VolumeAttributesClass", "VolumeAttributesClass of the pv"), .init("Reason", D.pvReason), age,
        .init("VolumeMode", D.pvVolumeMode, priority: 1),
    ]

    static let persistentVolumeClaims: [TableColumnDefinition] = [
        name, .init("Status", D.pvcPhase), .init("Volume", D.pvcVolumeName), .init("Capacity", D.pvcCapacity),
        .init("Access Modes", D.pvcAccessModes), .init("StorageClass", "StorageClass of the pvc"),
        .init("VolumeAttributesClass", "VolumeAttributesClass of the pvc"), age,
        .init("VolumeMode", D.pvcVolumeMode, priority: 1),
    ]

    /// rest.DefaultTableConvertor, for anything without a printer.
    static let defaultColumns: [TableColumnDefinition] = [name, .init("Created At", D.creationTimestamp, type: "date")]
}
