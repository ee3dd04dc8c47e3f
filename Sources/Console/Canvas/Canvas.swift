/// What a cell means; the terminal backend maps roles to colours (or to bold/reverse without colour).
public enum Role: Int, Sendable, CaseIterable {
    case normal, title, dim, tab, tabActive, columnHeader, selected
    case ok, redirect, clientError, serverError, warning, flashInfo, flashError, bar, barEmpty, overlay
}

public struct Cell: Equatable, Sendable {
    /// One grapheme; "" for the right half of a double-width one.
    public var text: String
    public var role: Role
    public static let blank = Cell(text: " ", role: .normal)
}

/// A grid of cells that views draw on. Knows nothing of the terminal, so layouts are tested as text.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Writes `text` from (row, column), at most `limit` columns (default: to the right edge); text that does
    /// not fit ends in "…". Returns the columns used.
    @discardableResult
    public mutating func put(_ row: Int, _ column: Int, _ text: String, _ role: Role = .normal, limit: Int? = nil)
        -> Int
    {
        guard row >= 0, row < height, column < width else { return 0 }
        let available = min(limit ?? (width - column), width - column)
        guard available > 0 else { return 0 }
        let fitted = DisplayWidth.truncate(text, to: available)
        var col = column
        for ch in fitted {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            guard col + w <= column + available, col >= 0 else { break }
            cells[row * width + col] = Cell(text: String(ch), role: role)
            if w == 2 { cells[row * width + col + 1] = Cell(text: "", role: role) }
            col += w
        }
        return col - column
    }

    /// Paints `role` over a run of cells (selection bars, backgrounds), keeping their text.
    public mutating func paint(_ row: Int, from column: Int = 0, width w: Int? = nil, _ role: Role) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (w ?? width - column))
        guard column < end else { return }
        for c in max(0, column)..<end { cells[row * width + c].role = role }
    }

    public mutating func fill(_ row: Int, _ role: Role) {
        guard row >= 0, row < height else { return }
        for c in 0..<width { cells[row * width + c] = Cell(text: " ", role: role) }
    }

    public func cell(_ row: Int, _ column: Int) -> Cell { cells[row * width + column] }

    /// A row as plain text, trailing spaces trimmed (for tests).
    public func text(_ row: Int) -> String {
        var s = ""
        for c in 0..<width { s += cells[row * width + c].text }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Every row, for tests and debugging.
    public var lines: [String] { (0..<height).map(text) }

    public func role(at row: Int, _ column: Int) -> Role { cells[row * width + column].role }
}

/// Terminal column widths of characters: East Asian wide and fullwidth forms (and emoji) take two,
/// combining marks none. Independent of the locale, so tests and the terminal agree.
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        guard let scalar = ch.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if ch.unicodeScalars.count == 1, scalar.properties.generalCategory == .nonspacingMark { return 0 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// `s` cut to `width` columns, with "…" when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        var out = ""
        var used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `s` padded with spaces (or cut) to exactly `width` columns; right-aligned when asked.
    public static func pad(_ s: String, to width: Int, right: Bool = false) -> String {
        let t = truncate(s, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(t)))
        return right ? gap + t : t + gap
    }
}
