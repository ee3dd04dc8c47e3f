import APIServer

/// With etcd: every live master (their identity leases), this one marked, Enter attaching to the selected
/// one; below, each etcd endpoint with its member's health, leader, revision and database size.
enum MastersView: ConsoleView {
    static let columns = [
        Column("", 1, priority: Column.essential), Column("MASTER", 36, min: 12, priority: Column.essential),
        Column("HOST", 14, min: 4, priority: 6), Column("PID", 7, right: true, priority: 4),
        Column("UP", 6, right: true, priority: 5),
        Column("PORTS", 40, min: 10, flexible: true, priority: Column.essential),
    ]
    static let memberColumns = [
        Column("ETCD", 26, min: 10, flexible: true, priority: Column.essential),
        Column("STATE", 10, priority: Column.essential),
        Column("VERSION", 8, priority: 4), Column("REVISION", 10, right: true, priority: 6),
        Column("DB", 9, right: true, priority: 5),
        Column("LAST ERROR", 30, min: 6, flexible: true, priority: 3),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.masters.count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        guard !data.masters.isEmpty || !data.etcdMembers.isEmpty else {
            canvas.put(
                area.top, 1, "one master on SQLite: masters that share an etcd (--etcd-servers) list each other here",
                .dim)
            return
        }
        let members = data.etcdMembers.isEmpty ? 0 : data.etcdMembers.count + 2
        let tableHeight = max(3, area.height - members - 1)
        canvas.put(area.top, 0, "store: \(data.store)")  // in full: the header has little room for it
        canvas.put(
            area.top + 1, 0, "Enter attaches to the selected master (q there comes back to this one when it runs here)",
            .dim)
        drawTable(
            &canvas, Area(top: area.top + 2, height: tableHeight - 2), columns: columns, count: data.masters.count,
            selected: model.selected(.masters)
        ) { i in
            let m = data.masters[i]
            let up = m.startedAt > 0 ? Format.age(seconds: max(0, data.now - m.startedAt) / 1_000_000_000) : "-"
            let ports = m.ports.map { "\($0.name) \($0.url)" }.joined(separator: "  ")
            return ([m.isSelf ? "*" : "", m.name, m.host, "\(m.pid)", up, ports], [:], m.isSelf ? .ok : .normal)
        }
        guard members > 0 else { return }
        drawTable(
            &canvas, Area(top: area.top + tableHeight + 1, height: members), columns: memberColumns,
            count: data.etcdMembers.count, selected: nil
        ) { i in
            let e = data.etcdMembers[i]
            let state = !e.reachable ? "down" : e.isLeader ? "leader" : "follower"
            let db = e.dbSize > 0 ? Format.bytes(Int(e.dbSize)) : "-"
            return (
                [e.url, state, e.version, e.revision > 0 ? "\(e.revision)" : "-", db, e.lastError ?? ""],
                [5: .dim], e.reachable ? (e.isLeader ? .ok : .normal) : .warning
            )
        }
    }
}
