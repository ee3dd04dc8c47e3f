/// The one-line printers: namespaces, configmaps, secrets, serviceaccounts, endpoints, and the default convertor.
enum SimpleTableRows {
    typealias F = TableFields

    /// kube-apiserver sets `Active` on create and defaults a secret's type to `Opaque`.
    static func namespace(_ o: JSONValue, now: Int64) -> [JSONValue] {
        let phase = F.string(o, "status", "phase")
        return [.string(F.name(o)), .string(phase.isEmpty ? "Active" : phase), .string(F.age(o, now: now))]
    }

    static func configMap(_ o: JSONValue, now: Int64) -> [JSONValue] {
        [.string(F.name(o)), .int(F.count(o, "data") + F.count(o, "binaryData")), .string(F.age(o, now: now))]
    }

    static func secret(_ o: JSONValue, now: Int64) -> [JSONValue] {
        let type = F.string(o, "type")
        return [
            .string(F.name(o)), .string(type.isEmpty ? "Opaque" : type), .int(F.count(o, "data")),
            .string(F.age(o, now: now)),
        ]
    }

    static func serviceAccount(_ o: JSONValue, now: Int64) -> [JSONValue] {
        [.string(F.name(o)), .int(F.count(o, "secrets")), .string(F.age(o, now: now))]
    }

    static func endpoints(_ o: JSONValue, now: Int64) -> [JSONValue] {
        [.string(F.name(o)), .string(formatEndpoints(F.array(o, "subsets"))), .string(F.age(o, now: now))]
    }

    /// rest.DefaultTableConvertor: name and `creationTimestamp` as RFC 3339 (Go's zero time when unset).
    static func fallback(_ o: JSONValue, now: Int64) -> [JSONValue] {
        let created =
            TableTime.parse(F.present(o, "metadata", "creationTimestamp")).map(TableTime.format)
            ?? "0001-01-01T00:00:00Z"
        return [.string(F.name(o)), .string(created)]
    }

    /// `formatEndpoints(endpoints, nil)`: up to three `ip:port` (or bare IPs for port-less subsets), then `+ N more...`.
    static func formatEndpoints(_ subsets: [JSONValue]) -> String {
        if subsets.isEmpty { return "<none>" }
        let max = 3
        var list: [String] = []
        var more = false
        var count = 0
        for subset in subsets {
            let addresses = F.array(subset, "addresses").map { F.string($0, "ip") }
            let ports = F.array(subset, "ports")
            if ports.isEmpty {
                count += addresses.count
                for ip in addresses {
                    if list.count == max { more = true; break }
                    list.append(ip)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for ip in addresses {
                    if list.count == max { more = true; break }
                    list.append(joinHostPort(ip, F.int(port, "port")))
                }
            }
        }
        let joined = list.joined(separator: ",")
        return more ? "\(joined) + \(count - max) more..." : joined
    }

    /// `net.JoinHostPort`: brackets around an IPv6 address.
    static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
