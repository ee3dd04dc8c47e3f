/// printResourceQuota, printComponentStatus and printLease.
enum ClusterTableRows {
    typealias F = TableFields

    /// Name, Request, Limit, Age: `resource: used/hard` for each hard limit in status, sorted by name, the
    /// `limits.*` ones under Limit.
    static func resourceQuota(_ o: JSONValue, now: Int64) -> [JSONValue] {
        let hard = F.present(o, "status", "hard")?.members ?? []
        var requests: [String] = [], limits: [String] = []
        for (resource, limit) in hard.sorted(by: { $0.key < $1.key }) {
            let used = StorageTableRows.quantity(F.present(o, "status", "used", resource))
            let entry = "\(resource): \(used)/\(StorageTableRows.quantity(limit))"
            let pieces = resource.split(separator: ".", omittingEmptySubsequences: false)
            if pieces.count > 1 && pieces[0] == "limits" { limits.append(entry) } else { requests.append(entry) }
        }
        return [
            .string(F.name(o)), .string(requests.joined(separator: ", ")), .string(limits.joined(separator: ", ")),
            .string(F.age(o, now: now)),
        ]
    }

    /// Name, Status (Healthy/Unhealthy from the Healthy condition, else Unknown), Message, Error.
    static func componentStatus(_ o: JSONValue, now: Int64) -> [JSONValue] {
        var status = "Unknown", message = "", error = ""
        if let healthy = F.array(o, "conditions").first(where: { F.string($0, "type") == "Healthy" }) {
            status = F.string(healthy, "status") == "True" ? "Healthy" : "Unhealthy"
            message = F.string(healthy, "message")
            error = F.string(healthy, "error")
        }
        return [.string(F.name(o)), .string(status), .string(message), .string(error)]
    }

    /// Name, Holder, Age.
    static func lease(_ o: JSONValue, now: Int64) -> [JSONValue] {
        [.string(F.name(o)), .string(F.string(o, "spec", "holderIdentity")), .string(F.age(o, now: now))]
    }
}
