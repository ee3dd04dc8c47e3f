import APIServer

/// The live request log: follows the tail until the operator scrolls up.
enum RequestsView: ConsoleView {
    static let columns = [
        Column("TIME", 12, priority: Column.essential), Column("PORT", 9, priority: 6),
        Column("CLIENT", 15, min: 9, priority: 7),
        Column("USER", 10, min: 4, priority: 5), Column("METHOD", 7, priority: Column.essential),
        Column("PATH", 24, min: 10, flexible: true, priority: Column.essential),
        Column("STATUS", 6, right: true, priority: Column.essential),
        Column("LATENCY", 8, right: true, priority: 8), Column("BYTES", 7, right: true, priority: 4),
    ]

    static func filter(_ model: ConsoleModel) -> RequestFilter {
        RequestFilter(port: model.portFilter, statusClass: model.classFilter, text: model.filterText)
    }

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { filter(model).apply(data.recent).count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        let rows = filter(model).apply(data.recent)
        let state = model.following ? "following" : "scrolled: G or End resumes following"
        let summary =
            "\(rows.count) of \(data.recent.count) requests · port \(model.portFilter?.name ?? "all") · status \(model.classFilter.map { "\($0)xx" } ?? "all")"
            + (model.filterText.isEmpty ? "" : " · /\(model.filterText)") + " · " + state
        canvas.put(area.top, 0, summary, model.following ? .dim : .warning)
        let selected = model.following ? rows.count - 1 : model.selected(.requests)
        drawTable(
            &canvas, Area(top: area.top + 1, height: area.height - 1), columns: columns, count: rows.count,
            selected: model.following ? nil : selected
        ) { i in
            let e = rows[i]
            return (
                [
                    Format.clock(e.time), e.port.name, e.client, e.user ?? "-", e.method, e.path, "\(e.status)",
                    Format.latency(e.latencyNanoseconds), Format.bytes(e.bytes),
                ], [6: Format.statusRole(e.status)], .normal
            )
        }
    }
}
