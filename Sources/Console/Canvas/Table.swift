/// A column of a table view: a title, the width it wants, the least it can live with, and whether it
/// takes the room left over (the path of a request, a message).
public struct Column: Sendable {
    public var title: String
    public var width: Int
    public var minimum: Int
    public var flexible: Bool
    public var rightAligned: Bool
    /// Cut from the left when too wide, keeping the newest end (sparklines).
    public var keepsTail: Bool
    /// On a narrow screen, columns of lower priority drop out first; `essential` ones never drop.
    public var priority: Int
    public static let essential = 9

    public init(
        _ title: String, _ width: Int, min minimum: Int? = nil, flexible: Bool = false, right: Bool = false,
        keepsTail: Bool = false, priority: Int = 5
    ) {
        self.keepsTail = keepsTail
        self.priority = priority
        self.title = title
        self.width = width
        // Columns shrink only when they say how far; the rest keep their width or drop out whole.
        self.minimum = minimum ?? width
        self.flexible = flexible
        self.rightAligned = right
    }
}

/// Lays columns out across a width: each gets what it wants if it can. On a narrow screen the least
/// important columns drop out first (lowest priority, rightmost first), then what remains shrinks toward
/// its minimum from the right, and as a last resort the rightmost columns drop; room left over goes to
/// the flexible columns.
public enum TableLayout {
    public static func widths(_ columns: [Column], total: Int, gap: Int = 1) -> [Int] {
        var widths = columns.map(\.width)
        func used() -> Int { widths.reduce(0, +) + gap * max(0, widths.filter { $0 > 0 }.count - 1) }
        let droppable = columns.indices.filter { columns[$0].priority < Column.essential }
            .sorted { (columns[$0].priority, -$0) < (columns[$1].priority, -$1) }
        for k in droppable where used() > total { widths[k] = 0 }
        var i = columns.count - 1
        while used() > total && i >= 0 {
            if widths[i] > 0 { widths[i] -= min(widths[i] - columns[i].minimum, used() - total) }
            i -= 1
        }
        var j = columns.count - 1
        while used() > total && j > 0 {
            widths[j] = 0
            j -= 1
        }
        let flexible = columns.indices.filter { columns[$0].flexible && widths[$0] > 0 }
        if used() < total && !flexible.isEmpty {
            let spare = total - used()
            for (n, k) in flexible.enumerated() {
                widths[k] += spare / flexible.count + (n < spare % flexible.count ? 1 : 0)
            }
        }
        return widths
    }

    /// Draws the title row and returns the widths used.
    @discardableResult
    public static func header(_ canvas: inout Canvas, row: Int, _ columns: [Column], widths: [Int]) -> [Int] {
        canvas.fill(row, .columnHeader)
        draw(&canvas, row: row, columns.map(\.title), columns, widths: widths, role: .columnHeader)
        return widths
    }

    /// Draws one row of cells; `roles` may colour single cells.
    public static func draw(
        _ canvas: inout Canvas, row: Int, _ values: [String], _ columns: [Column], widths: [Int],
        role: Role = .normal, roles: [Int: Role] = [:]
    ) {
        var x = 0
        for (k, value) in values.enumerated() where k < columns.count {
            let w = widths[k]
            guard w > 0 else { continue }
            let fitted =
                columns[k].keepsTail
                ? String(value.suffix(w)) : columns[k].rightAligned ? NumberFit.fit(value, width: w) : value
            canvas.put(
                row, x, DisplayWidth.pad(fitted, to: w, right: columns[k].rightAligned), roles[k] ?? role, limit: w)
            x += w + 1
        }
    }
}
