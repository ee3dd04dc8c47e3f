import APIServer

/// One row per port: address, gate, state, connections against the limit, connections refused at the door
/// (503: port or client full) and accept pauses (out of descriptors), rates, classes, auth counts, latency,
/// activity. Below: the descriptor budget, the per-client cap, the audit log, and what the server said.
enum PortsView: ConsoleView {
    static let columns = [
        Column("PORT", 9, priority: Column.essential), Column("ADDRESS", 21, min: 12, priority: Column.essential),
        Column("SCHEME", 6, priority: 2), Column("GATE", 21, min: 8, priority: 3),
        Column("STATE", 10, min: 6, flexible: true, priority: Column.essential),
        Column("CONN", 11, right: true, priority: 7),
        Column("REFUSED", 7, right: true, priority: 5), Column("PAUSES", 6, right: true, priority: 5),
        Column("REQ/S", 7, right: true, priority: 8), Column("2XX", 7, right: true, priority: 6),
        Column("4XX", 6, right: true, priority: 6), Column("5XX", 5, right: true, priority: 6),
        Column("401", 5, right: true, priority: 4), Column("403", 5, right: true, priority: 4),
        Column("429", 5, right: true, priority: 4),
        Column("P50", 8, right: true, priority: 3), Column("P99", 8, right: true, priority: 4),
        Column("ACTIVITY", 20, min: 8, keepsTail: true, priority: 1),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.ports.count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        let tableArea = Area(top: area.top, height: min(area.height, data.ports.count + 1))
        drawTable(&canvas, tableArea, columns: columns, count: data.ports.count, selected: model.selected(.ports)) {
            i in
            let p = data.ports[i]
            let s = p.stats
            let door = s.door
            let connections =
                door.maxConnections > 0 ? "\(p.openConnections)/\(door.maxConnections)" : "\(p.openConnections)"
            let refused = door.refusedPortFull + door.refusedClientFull
            let values = [
                p.kind.name, p.address, p.scheme, p.gate, door.acceptPaused ? "accept paused" : p.state, connections,
                "\(refused)", "\(door.acceptPauses)", Format.rate(p.requestsPerSecond),
                "\(s.byClass[1])", "\(s.byClass[3])", "\(s.byClass[4])", "\(s.unauthorized)", "\(s.forbidden)",
                "\(s.tooManyRequests)", Format.quantile(s.latency.quantile(0.5)),
                Format.quantile(s.latency.quantile(0.99)),
                Format.sparkline(p.history, width: 20),
            ]
            var roles: [Int: Role] = [17: .bar]
            if p.isWarning { roles[1] = .warning; roles[4] = .warning }
            if door.acceptPaused { roles[4] = .warning }
            if refused > 0 { roles[6] = .clientError }
            if door.acceptPauses > 0 { roles[7] = .warning }
            return (values, roles, .normal)
        }
        var y = tableArea.bottom + 1
        for (text, role) in notes(data) where y < area.bottom {
            canvas.put(y, 1, text, role)
            y += 1
        }
    }

    /// The lines under the table: warnings, limits, refusals by cause, the audit log, recent messages.
    static func notes(_ data: ConsoleData) -> [(String, Role)] {
        var lines: [(String, Role)] = data.warnings.map { ($0, .warning) }
        if !data.connectionBudget.isEmpty { lines.append((data.connectionBudget, .dim)) }
        let refusals = data.ports.compactMap { p -> String? in
            let door = p.stats.door
            guard door.refusedPortFull + door.refusedClientFull > 0 else { return nil }
            return "\(p.kind.name): \(door.refusedPortFull) port full, \(door.refusedClientFull) client over its cap"
        }
        if !refusals.isEmpty { lines.append(("refused with 503: " + refusals.joined(separator: "; "), .clientError)) }
        if let path = data.auditPath, let audit = data.audit {
            let lost = audit.dropped + audit.failed
            lines.append(
                (
                    "audit log \(path == "-" ? "stdout" : path): \(audit.written) events written\(lost > 0 ? ", \(audit.dropped) dropped (queue full), \(audit.failed) lost (write failed)" : "")",
                    lost > 0 ? .warning : .dim
                ))
        }
        for message in data.messages.suffix(5) {
            lines.append((Format.clock(message.time) + " " + message.text, .warning))
        }
        return lines
    }
}
