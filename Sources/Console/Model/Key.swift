/// A key press, as the model understands it (the terminal backend translates curses codes).
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace

    /// How the help writes it.
    public var label: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + c.uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        }
    }
}
