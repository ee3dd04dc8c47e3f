/// The ASCII theme: what a terminal whose locale is not UTF-8 gets instead of box drawing, block
/// sparklines, `µ` and `·`. One character for one, so every column stays where the layout put it; any
/// other non-ASCII character (a request path's, a user's name) becomes `?`. Applied where the canvas
/// meets the terminal, so no view can leak a byte above 0x7F.
enum AsciiFallback {
    static let table: [Character: Character] = [
        "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "·": "-", "…": "~", "µ": "u", "≤": "<", "≥": ">", "▏": "_", "↑": "^", "↓": "v",
        // Sparkline levels and bar fill, lowest to highest.
        "▁": "_", "▂": ".", "▃": ",", "▄": "-", "▅": "=", "▆": "+", "▇": "*", "█": "#",
    ]

    /// A cell's text for an ASCII terminal: "" (the right half of a wide character) and anything
    /// unknown become `?`, one column each.
    static func map(_ cell: String) -> String {
        if cell.utf8.allSatisfy({ $0 < 0x80 }) && !cell.isEmpty { return cell }
        guard let first = cell.first, cell.count == 1, let replacement = table[first] else { return "?" }
        return String(replacement)
    }
}
