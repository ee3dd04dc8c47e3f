import APIServer

/// One row per port: address, gate, state, connections, rates, classes, auth counts, latency, activity.
enum PortsView: ConsoleView {
    static let columns = [
        Column("PORT", 9, priority: Column.essential), Column("ADDRESS", 21, min: 12, priority: Column.essential),
        Column("SCHEME", 6, priority: 2), Column("GATE", 21, min: 8, priority: 3),
        Column("STATE", 10, min: 6, flexible: true, priority: Column.essential), Column("CONN", 5, right: true, priority: 7),
        Column("REQ/S", 7, right: true, priority: 8), Column("2XX", 7, right: true, priority: 6),
        Column("4XX", 6, right: true, priority: 6), Column("5XX", 5, right: true, priority: 6),
        Column("401", 5, right: true, priority: 4), Column("403", 5, right: true, priority: 4), Column("429", 5, right: true, priority: 4),
        Column("P50", 8, right: true, priority: 3), Column("P99", 8, right: true, priority: 4),
        Column("ACTIVITY", 20, min: 8, keepsTail: true, priority: 1),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.ports.count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        let tableArea = Area(top: area.top, height: min(area.height, data.ports.count + 1))
        drawTable(&canvas, tableArea, columns: columns, count: data.ports.count, selected: model.selected(.ports)) { i in
            let p = data.ports[i]
            let s = p.stats
            let values = [p.kind.name, p.address, p.scheme, p.gate, p.state, "\(p.openConnections)", Format.rate(p.requestsPerSecond),
                          "\(s.byClass[1])", "\(s.byClass[3])", "\(s.byClass[4])", "\(s.unauthorized)", "\(s.forbidden)",
                          "\(s.tooManyRequests)", Format.quantile(s.latency.quantile(0.5)), Format.quantile(s.latency.quantile(0.99)),
                          Format.sparkline(p.history, width: 20)]
            var roles: [Int: Role] = [15: .bar]
            if p.isWarning { roles[1] = .warning; roles[4] = .warning }
            return (values, roles, .normal)
        }
        var y = tableArea.bottom + 1
        for warning in data.warnings where y < area.bottom {
            canvas.put(y, 1, warning, .warning)
            y += 1
        }
    }
}
