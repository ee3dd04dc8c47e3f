import APIServer

/// Users with their token fingerprints and rotation age; the client CA, the serving certificate and the
/// service accounts given tokens below.
enum CredentialsView: ConsoleView {
    static let columns = [
        Column("USER", 16, min: 6, priority: Column.essential), Column("UID", 12, min: 4, priority: 5),
        Column("GROUPS", 24, min: 6, flexible: true, priority: Column.essential),
        Column("TOKEN", 10, priority: Column.essential),
        Column("ROTATED", 10, right: true, priority: 8), Column("SOURCE", 8, priority: 3),
    ]

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { data.users.count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        let footer = 4
        let tableHeight = max(1, area.height - footer)
        drawTable(
            &canvas, Area(top: area.top, height: tableHeight), columns: columns, count: data.users.count,
            selected: model.selected(.credentials)
        ) { i in
            let u = data.users[i]
            let age = u.rotatedAt > 0 ? Format.age(seconds: (data.now - u.rotatedAt) / 1_000_000_000) : "-"
            return ([u.user, u.uid, u.groups.joined(separator: ","), u.fingerprint, age, u.source], [3: .dim], .normal)
        }
        var y = area.top + tableHeight
        func expiry(_ c: CertificateRow) -> (String, Role) {
            let left = c.notAfter - data.now / 1_000_000_000
            return left < 0
                ? ("EXPIRED", .warning)
                : ("expires in \(Format.age(seconds: left))", left < 30 * 86_400 ? .clientError : .normal)
        }
        if let ca = data.clientCA {
            let (text, role) = expiry(ca)
            canvas.put(y, 0, "client CA: \(ca.subject) · \(text)", role)
        } else {
            canvas.put(y, 0, "client CA: none (--client-ca-file)", .dim)
        }
        y += 1
        if let serving = data.servingCertificate {
            let (text, role) = expiry(serving)
            canvas.put(y, 0, "serving certificate: \(serving.subject) · \(text)", role)
        }
        y += 1
        if let reload = data.lastTokenReload {
            let refused = if case .refused = reload { true } else { false }
            canvas.put(y, 0, "last token reload: \(reload.summary)", refused ? .warning : .dim)
        }
        y += 1
        let issued = data.serviceAccountTokens.map { e in
            "\(e.namespace)/\(e.name) ×\(e.count) (last \(Format.age(seconds: (data.now - e.lastIssued) / 1_000_000_000)) ago)"
        }
        canvas.put(
            y, 0, "service account tokens: " + (issued.isEmpty ? "none issued" : issued.joined(separator: ", ")),
            issued.isEmpty ? .dim : .normal)
    }
}
