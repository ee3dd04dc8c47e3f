/// A key press, as the model understands it (the terminal backend translates curses codes).
public enum Key: Equatable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
}

/// The six views, in key order.
public enum View: Int, CaseIterable, Sendable {
    case ports = 1, requests, rateLimits, authFailures, credentials, policy

    public var title: String {
        switch self {
        case .ports: return "Ports"
        case .requests: return "Requests"
        case .rateLimits: return "Rate limits"
        case .authFailures: return "Auth failures"
        case .credentials: return "Credentials"
        case .policy: return "Policy"
        }
    }
}

/// What the model asks the outside world to do; the app runs it and reports back with `flash`.
public enum Effect: Equatable, Sendable {
    case rotateToken(user: String)
    case rotateAllTokens
    case reloadPolicy
    case reloadTokens
    case quit
}

/// A question waiting for y/n, or a dialog waiting to be closed.
public enum Dialog: Equatable, Sendable {
    case confirmRotate(user: String)
    case confirmRotateAll
    case confirmQuit
    /// New tokens (`user: token` lines), shown once; closing the dialog forgets them.
    case showTokens([String])
}

/// The key bindings, for the help overlay and the hint line (one source of truth).
public enum KeyHelp {
    public static let lines: [(String, String)] = [
        ("1-6  Tab  Shift-Tab", "switch view"),
        ("↑ ↓  j k  PgUp PgDn", "move"),
        ("g G  Home End", "top / bottom (G, End: follow the tail)"),
        ("/", "filter requests (text or regex; Esc clears, Enter keeps)"),
        ("p", "cycle the port filter"),
        ("c", "cycle the status-class filter"),
        ("Z  space", "pause / resume live updates"),
        ("r", "rotate the selected user's token (Credentials)"),
        ("R", "rotate every token"),
        ("t", "show the new token once, after a rotation"),
        ("P  Ctrl-R", "reload the policy file"),
        ("T", "reload the token file"),
        (":", "command: rotate USER, reload policy, reload tokens, q"),
        ("?", "this help"),
        ("q  Ctrl-C", "quit (stops the server)"),
    ]

    public static let hint = "?:help 1-6:views /:filter p:port c:class Z:pause r:rotate P:policy T:tokens ::cmd q:quit"
}
