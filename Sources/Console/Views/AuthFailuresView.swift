import APIServer

/// Refused credentials and denied requests: counts by reason, then the newest first.
enum AuthFailuresView: ConsoleView {
    static let columns = [
        Column("TIME", 12, priority: Column.essential), Column("PORT", 9, priority: 6),
        Column("CLIENT", 15, min: 9, priority: 7),
        Column("REASON", 21, min: 10, priority: Column.essential),
        Column("USER / FINGERPRINT", 22, min: 8, priority: Column.essential),
        Column("PATH", 20, min: 8, flexible: true, priority: 8),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.authFailures.count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        var byReason: [String: Int] = [:]
        for c in data.authCounts { byReason[c.reason.rawValue, default: 0] += c.count }
        let counts =
            byReason.isEmpty
            ? "no failures"
            : byReason.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: " · ")
        canvas.put(area.top, 0, "by reason: " + counts, byReason.isEmpty ? .dim : .clientError)
        let newestFirst = Array(data.authFailures.reversed())
        drawTable(
            &canvas, Area(top: area.top + 1, height: area.height - 1), columns: columns, count: newestFirst.count,
            selected: model.selected(.authFailures)
        ) { i in
            let f = newestFirst[i]
            return (
                [Format.clock(f.time), f.port.name, f.client, f.reason.rawValue, f.subject, f.path], [3: .clientError],
                .normal
            )
        }
    }
}
