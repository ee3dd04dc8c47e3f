/// printPod (pkg/printers/internalversion): READY, the STATUS reason, RESTARTS with "(X ago)", and the wide cells.
enum PodTableRow {
    typealias F = TableFields

    static func cells(_ pod: JSONValue, now: Int64) -> [JSONValue] {
        let status = F.present(pod, "status")
        let state = State(pod)
        let restarts =
            state.restarts != 0 && state.lastRestart != nil
            ? "\(state.restarts) (\(TableDuration.since(state.lastRestart, now: now)) ago)" : "\(state.restarts)"
        // podIPs[0]; the v1 → internal conversion fills podIPs from podIP when only that is set.
        let podIP = F.array(status, "podIPs").first.map { F.string($0, "ip") } ?? F.string(status, "podIP")
        return [
            .string(F.name(pod)), .string("\(state.ready)/\(state.total)"), .string(state.reason), .string(restarts),
            .string(F.age(pod, now: now)),
            .string(orNone(podIP)), .string(orNone(F.string(pod, "spec", "nodeName"))),
            .string(orNone(F.string(status, "nominatedNodeName"))), .string(readinessGates(pod)),
        ]
    }

    /// Succeeded and Failed pods carry a `Completed` row condition.
    static func conditions(_ pod: JSONValue) -> JSONValue? {
        let (reason, message) =
            switch phase(pod) {
            case "Succeeded": ("Succeeded", "The pod has completed successfully.")
            case "Failed": ("Failed", "The pod failed.")
            default: ("", "")
            }
        if reason.isEmpty { return nil }
        return .array([
            .object([
                ("type", .string("Completed")), ("status", .string("True")),
                ("reason", .string(reason)), ("message", .string(message)),
            ])
        ])
    }

    /// kube-apiserver sets `Pending` on create, so a stored pod without a phase reads as Pending.
    static func phase(_ pod: JSONValue) -> String {
        let p = F.string(pod, "status", "phase")
        return p.isEmpty ? "Pending" : p
    }

    static func orNone(_ s: String) -> String { s.isEmpty ? "<none>" : s }

    static func readinessGates(_ pod: JSONValue) -> String {
        let gates = F.array(pod, "spec", "readinessGates")
        if gates.isEmpty { return "<none>" }
        let conditions = F.array(pod, "status", "conditions")
        let met = gates.filter { gate in
            conditions.first { F.string($0, "type") == F.string(gate, "conditionType") }.map {
                F.string($0, "status") == "True"
            } ?? false
        }.count
        return "\(met)/\(gates.count)"
    }
}
