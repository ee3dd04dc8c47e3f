import APIServer

/// The ABAC rules as a table, with where they came from and how the last reload went.
enum PolicyView: ConsoleView {
    static let columns = [
        Column("LINE", 5, right: true, priority: Column.essential),
        Column("USER / GROUP", 28, min: 12, priority: Column.essential),
        Column("RO", 3, priority: Column.essential), Column("APIGROUP", 10, min: 4, priority: 6),
        Column("NAMESPACE", 12, min: 5, priority: 7),
        Column("RESOURCE", 14, min: 5, priority: 8), Column("NONRESOURCEPATH", 16, min: 6, flexible: true, priority: 8),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.policy?.rules.count ?? 0 }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        guard let policy = data.policy else {
            canvas.put(area.top, 1, "no policy (the secure port is disabled)", .dim)
            return
        }
        let loaded = "loaded \(Format.clock(policy.loadedAt))"
        canvas.put(area.top, 0, "\(policy.mode.rawValue) · \(policy.path ?? "no file") · \(loaded)", .dim)
        if let result = policy.lastResult {
            let refused: Bool
            if case .refused = result { refused = true } else { refused = false }
            canvas.put(area.top + 1, 0, "last reload: " + result.summary, refused ? .warning : .ok)
        }
        drawTable(
            &canvas, Area(top: area.top + 2, height: area.height - 2), columns: columns, count: policy.rules.count,
            selected: model.selected(.policy)
        ) { i in
            let r = policy.rules[i]
            let subject = !r.user.isEmpty ? "user \(r.user)" : "group \(r.group)"
            return (
                [
                    "\(r.line)", subject, r.readonly ? "yes" : "", r.apiGroup, r.namespace, r.resource,
                    r.nonResourcePath,
                ], [:], .normal
            )
        }
    }
}
