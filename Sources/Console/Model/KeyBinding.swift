/// One line of the key table: the keys, what each does, and how the help and the hint line describe
/// them. `ConsoleModel` handles keys through `action(for:)` and `KeyHelp` is written from the same table,
/// so a binding and its help cannot drift apart.
public struct KeyBinding: Sendable {
    public let keys: [(key: Key, action: KeyAction)]
    public let help: String
    /// The word on the hint line (nil: help only).
    public let hint: String?

    init(_ help: String, hint: String? = nil, _ keys: [(key: Key, action: KeyAction)]) {
        self.keys = keys
        self.help = help
        self.hint = hint
    }

    /// The keys as the help writes them; a run of digits is shortened ("1-7").
    public var labels: [String] {
        var labels: [String] = []
        var digits: [String] = []
        func endDigits() {
            if digits.count > 2 { labels.append("\(digits.first!)-\(digits.last!)") } else { labels += digits }
            digits = []
        }
        for (key, _) in keys {
            if case .char(let c) = key, c.isASCII, c.isNumber { digits.append(String(c)); continue }
            endDigits()
            labels.append(key.label)
        }
        endDigits()
        return labels
    }

    /// The normal mode's keys, in help order.
    public static let table: [KeyBinding] = [
        KeyBinding("this help", hint: "help", [(.char("?"), .help)]),
        KeyBinding(
            "switch view", hint: "views",
            View.allCases.map { ($0.key, KeyAction.show($0)) } + [(.tab, .nextView), (.backTab, .previousView)]),
        KeyBinding(
            "move",
            [
                (.up, .move(-1)), (.down, .move(1)), (.char("k"), .move(-1)), (.char("j"), .move(1)),
                (.pageUp, .page(-1)), (.pageDown, .page(1)),
            ]),
        KeyBinding(
            "top / bottom (G, End: follow the tail)",
            [(.char("g"), .top), (.char("G"), .bottom), (.home, .top), (.end, .bottom)]),
        KeyBinding("filter requests (text or regex; Esc clears, Enter keeps)", hint: "filter", [(.char("/"), .filter)]),
        KeyBinding("cycle the port filter", hint: "port", [(.char("p"), .cyclePortFilter)]),
        KeyBinding("cycle the status-class filter", hint: "class", [(.char("c"), .cycleClassFilter)]),
        KeyBinding(
            "pause / resume live updates", hint: "pause", [(.char("Z"), .togglePause), (.char(" "), .togglePause)]),
        KeyBinding("rotate the selected user's token (Credentials)", hint: "rotate", [(.char("r"), .rotateSelected)]),
        KeyBinding("rotate every token", [(.char("R"), .rotateAll)]),
        KeyBinding("show the new token once, after a rotation", [(.char("t"), .showNewTokens)]),
        KeyBinding("attach to the selected master (Masters)", [(.enter, .attachSelected)]),
        KeyBinding(
            "reload the policy file", hint: "policy",
            [(.char("P"), .run(.reloadPolicy)), (.ctrl("r"), .run(.reloadPolicy))]),
        KeyBinding("reload the token file", hint: "tokens", [(.char("T"), .run(.reloadTokens))]),
        KeyBinding(
            "command: rotate USER, reload policy, reload tokens, stop (the master), q", hint: "cmd",
            [(.char(":"), .commandLine)]),
        KeyBinding("clear the message line", [(.escape, .clearFlash)]),
        KeyBinding(
            "quit: detach (the master keeps serving), or stop the embedded server", hint: "quit",
            [(.char("q"), .quit), (.ctrl("c"), .quit)]),
    ]

    private static let actions: [Key: KeyAction] = Dictionary(
        table.flatMap { $0.keys.map { ($0.key, $0.action) } }, uniquingKeysWith: { first, _ in first })

    /// What `key` does in the normal mode (nil: nothing).
    public static func action(for key: Key) -> KeyAction? { actions[key] }
}
