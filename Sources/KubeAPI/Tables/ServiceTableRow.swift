/// printService: TYPE, CLUSTER-IP, EXTERNAL-IP (getServiceExternalIP, wide: no 16-byte clipping), PORT(S), SELECTOR.
enum ServiceTableRow {
    typealias F = TableFields

    static func cells(_ service: JSONValue, now: Int64) -> [JSONValue] {
        let spec = F.present(service, "spec")
        // Defaulting gives every stored service a type; clusterIPs[0] is what the v1 → internal conversion fills from clusterIP.
        let type = F.string(spec, "type").isEmpty ? "ClusterIP" : F.string(spec, "type")
        let clusterIP = F.array(spec, "clusterIPs").first?.string ?? F.string(spec, "clusterIP")
        let ports = portString(F.array(spec, "ports"))
        return [
            .string(F.name(service)), .string(type), .string(clusterIP.isEmpty ? "<none>" : clusterIP),
            .string(externalIP(service, type: type)), .string(ports.isEmpty ? "<none>" : ports),
            .string(F.age(service, now: now)), .string(F.formatLabels(spec, "selector")),
        ]
    }

    static func externalIP(_ service: JSONValue, type: String) -> String {
        let externalIPs = F.array(service, "spec", "externalIPs").compactMap(\.string)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = Set(
                F.array(service, "status", "loadBalancer", "ingress").compactMap { entry -> String? in
                    let ip = F.string(entry, "ip"), host = F.string(entry, "hostname")
                    return !ip.isEmpty ? ip : (!host.isEmpty ? host : nil)
                }
            ).sorted()
            if !externalIPs.isEmpty { return (ingress + externalIPs).joined(separator: ",") }
            return ingress.isEmpty ? "<pending>" : ingress.joined(separator: ",")
        case "ExternalName":
            return F.string(service, "spec", "externalName")
        default:
            return "<unknown>"
        }
    }

    /// `makePortString`: `port/PROTO`, or `port:nodePort/PROTO`; protocol defaults to TCP as the API does.
    static func portString(_ ports: [JSONValue]) -> String {
        ports.map { port in
            let proto = F.string(port, "protocol").isEmpty ? "TCP" : F.string(port, "protocol")
            let nodePort = F.int(port, "nodePort")
            return nodePort > 0 ? "\(F.int(port, "port")):\(nodePort)/\(proto)" : "\(F.int(port, "port"))/\(proto)"
        }.joined(separator: ",")
    }
}
