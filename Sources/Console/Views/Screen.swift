import APIServer

/// The whole frame: header, tabs, the current view, the flash line, the key-hint (or prompt) line, and
/// overlays (help, dialogs). The one place that decides the layout.
public enum Screen {
    /// Rows above and below the view area.
    static let headerRows = 3, footerRows = 2

    /// Selectable rows of every view, for the model to clamp its cursors.
    public static func rowCounts(_ data: ConsoleData, _ model: ConsoleModel) -> [View: Int] {
        [
            .ports: PortsView.rowCount(data, model), .requests: RequestsView.rowCount(data, model),
            .rateLimits: RateLimitsView.rowCount(data, model), .authFailures: AuthFailuresView.rowCount(data, model),
            .credentials: CredentialsView.rowCount(data, model), .policy: PolicyView.rowCount(data, model),
            .masters: MastersView.rowCount(data, model),
        ]
    }

    /// Rows a page holds in the view area.
    public static func pageSize(height: Int) -> Int { max(1, height - headerRows - footerRows - 3) }

    public static func render(_ model: ConsoleModel, _ data: ConsoleData, width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        guard width > 0, height > headerRows + footerRows else { return canvas }
        header(&canvas, model, data)
        tabs(&canvas, model)
        let area = Area(top: headerRows, height: height - headerRows - footerRows)
        switch model.view {
        case .ports: PortsView.draw(&canvas, area, model, data)
        case .requests: RequestsView.draw(&canvas, area, model, data)
        case .rateLimits: RateLimitsView.draw(&canvas, area, model, data)
        case .authFailures: AuthFailuresView.draw(&canvas, area, model, data)
        case .credentials: CredentialsView.draw(&canvas, area, model, data)
        case .policy: PolicyView.draw(&canvas, area, model, data)
        case .masters: MastersView.draw(&canvas, area, model, data)
        }
        footer(&canvas, model, data)
        if model.showHelp { Overlay.help(&canvas) }
        if let dialog = model.dialog { Overlay.dialog(&canvas, dialog) }
        return canvas
    }

    static func header(_ canvas: inout Canvas, _ model: ConsoleModel, _ data: ConsoleData) {
        canvas.fill(0, .title)
        let first =
            "kube-console \(data.version) │ \(data.attachment) │ up \(Format.age(seconds: data.uptimeSeconds)) │ data \(data.dataDir)"
            + " │ store \(data.store) │ policy \(data.policySummary)"
        canvas.put(0, 0, first, .title)
        let c = data.totalByClass
        let totals =
            "requests \(data.totalRequests) · 2xx \(c[1]) · 3xx \(c[2]) · 4xx \(c[3]) · 5xx \(c[4]) · \(Format.rate(data.rateHistory.last ?? 0)) req/s "
        let used = canvas.put(1, 0, totals)
        let status = model.paused ? " PAUSED " : ""
        let sparkWidth = max(0, canvas.width - used - DisplayWidth.of(status) - 1)
        canvas.put(1, used, Format.sparkline(data.rateHistory, width: min(sparkWidth, RateSampler.historyLength)), .bar)
        if model.paused { canvas.put(1, canvas.width - DisplayWidth.of(status), status, .warning) }
    }

    static func tabs(_ canvas: inout Canvas, _ model: ConsoleModel) {
        var x = 0
        for view in View.allCases {
            let label = " \(view.rawValue) \(view.title) "
            x += canvas.put(2, x, label, view == model.view ? .tabActive : .tab)
        }
    }

    static func footer(_ canvas: inout Canvas, _ model: ConsoleModel, _ data: ConsoleData) {
        let flashRow = canvas.height - 2, hintRow = canvas.height - 1
        if let problem = data.disconnected {
            // The screen above is the last the master sent; this line says it is not live.
            canvas.put(flashRow, 0, "disconnected: \(problem), retrying (q detaches)", .flashError)
        } else if let flash = model.flash {
            canvas.put(flashRow, 0, flash.text, flash.isError ? .flashError : .flashInfo)
        }
        switch model.mode {
        case .filter(let text): canvas.put(hintRow, 0, "/" + text + "▏  (Enter keeps, Esc clears)", .overlay)
        case .command(let text): canvas.put(hintRow, 0, ":" + text + "▏", .overlay)
        case .normal: canvas.put(hintRow, 0, KeyHelp.hint, .dim)
        }
    }
}

/// Boxes drawn over the view: the help overlay and the y/n and token dialogs.
enum Overlay {
    static func box(_ canvas: inout Canvas, title: String, lines: [String], role: Role = .overlay) {
        let inner = min(
            canvas.width - 4, max(DisplayWidth.of(title) + 4, lines.map { DisplayWidth.of($0) }.max() ?? 0) + 2)
        let height = min(canvas.height - 2, lines.count + 2)
        guard inner > 4, height >= 3 else { return }
        let left = (canvas.width - inner - 2) / 2, top = (canvas.height - height) / 2
        canvas.put(top, left, "┌" + DisplayWidth.pad("─ \(title) ", to: inner).replacingSpaces(with: "─") + "┐", role)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            canvas.put(top + 1 + i, left, "│ " + DisplayWidth.pad(line, to: inner - 2) + " │", role)
        }
        canvas.put(top + height - 1, left, "└" + String(repeating: "─", count: inner) + "┘", role)
    }

    static func help(_ canvas: inout Canvas) {
        let keyWidth = KeyHelp.lines.map { DisplayWidth.of($0.0) }.max() ?? 0
        box(
            &canvas, title: "keys (any key closes)",
            lines: KeyHelp.lines.map { DisplayWidth.pad($0.0, to: keyWidth) + "  " + $0.1 })
    }

    static func dialog(_ canvas: inout Canvas, _ dialog: Dialog) {
        switch dialog {
        case .confirmRotate(let user):
            box(
                &canvas, title: "rotate token",
                lines: ["Give \(user) a new token? The old one stops working.", "", "y: rotate   n: cancel"])
        case .confirmRotateAll:
            box(
                &canvas, title: "rotate all tokens",
                lines: ["Give every user a new token? All old tokens stop working.", "", "y: rotate all   n: cancel"])
        case .confirmQuit:
            box(&canvas, title: "quit", lines: ["Quit? This stops the API server.", "", "y: quit   n: stay"])
        case .confirmDetach:
            box(
                &canvas, title: "detach",
                lines: [
                    "Detach? The master keeps serving (kube-console attach comes back).", "", "y: detach   n: stay",
                ])
        case .confirmStop:
            box(
                &canvas, title: "stop the master",
                lines: [
                    "Stop the master? It finishes the requests in flight and exits;", "every console detaches.", "",
                    "y: stop   n: cancel",
                ])
        case .showTokens(let lines):
            box(
                &canvas, title: "new tokens: shown once",
                lines: lines + ["", "copy them now; any key closes and forgets them"])
        }
    }
}

extension String {
    /// Trailing pad spaces as box-drawing rules (the title bar of a box).
    func replacingSpaces(with fill: Character) -> String {
        var s = self
        var trailing = 0
        while s.last == " " { s.removeLast(); trailing += 1 }
        return s + String(repeating: fill, count: trailing)
    }
}
