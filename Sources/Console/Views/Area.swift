import APIServer

/// The rows of the canvas a view may draw on.
public struct Area: Sendable, Equatable {
    public var top: Int
    public var height: Int
    public var bottom: Int { top + height }
}

/// One of the seven views: how many selectable rows it has, and how it draws.
protocol ConsoleView {
    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int
    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData)
}

extension ConsoleView {
    /// Draws a table's header and the visible window of its rows, the selected one highlighted.
    static func drawTable(
        _ canvas: inout Canvas, _ area: Area, columns: [Column], count: Int, selected: Int?,
        row: (Int) -> (values: [String], roles: [Int: Role], role: Role)
    ) {
        guard area.height > 0 else { return }
        let widths = TableLayout.widths(columns, total: canvas.width)
        TableLayout.header(&canvas, row: area.top, columns, widths: widths)
        let visible = area.height - 1
        let first = Format.top(selected: selected ?? (count - 1), count: count, visible: visible)
        // Only the visible rows are formatted: a long log costs no more than a short one.
        for i in 0..<min(visible, max(0, count - first)) {
            let index = first + i
            let y = area.top + 1 + i
            let cells = row(index)
            TableLayout.draw(
                &canvas, row: y, cells.values, columns, widths: widths, role: cells.role, roles: cells.roles)
            if index == selected { canvas.paint(y, .selected) }
        }
    }
}
