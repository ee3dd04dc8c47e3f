import Testing
@testable import Console

/// The key table is the one source of the bindings, the help overlay and the hint line.
@Suite("Console key table")
struct KeyTableTests {
    @Test func noKeyIsBoundTwice() {
        var seen: [Key: String] = [:]
        for binding in KeyBinding.table {
            for (key, _) in binding.keys {
                #expect(seen[key] == nil, "\(key.label) is bound by \"\(seen[key] ?? "")\" and \"\(binding.help)\"")
                seen[key] = binding.help
            }
        }
    }

    @Test func theHelpHasALinePerBindingNamingItsKeys() {
        #expect(KeyHelp.lines.count == KeyBinding.table.count)
        let lines = Dictionary(KeyHelp.lines.map { ($0.1, $0.0) }, uniquingKeysWith: { a, _ in a })
        #expect(lines["switch view"] == "1-7 Tab Shift-Tab")
        #expect(lines["move"] == "↑ ↓ k j PgUp PgDn")
        #expect(lines["pause / resume live updates"] == "Z space")
        #expect(lines["reload the policy file"] == "P Ctrl-R")
        #expect(lines["clear the message line"] == "Esc")
        #expect(
            KeyHelp.hint == "?:help 1-7:views /:filter p:port c:class Z:pause r:rotate P:policy T:tokens ::cmd q:quit")
    }

    /// Each key the help names does what the table says: the handler looks it up there.
    @Test func everyKeyInTheHelpReachesTheHandler() {
        for binding in KeyBinding.table {
            for (key, action) in binding.keys {
                #expect(KeyBinding.action(for: key) == action, "\(key.label)")
            }
        }
        #expect(KeyBinding.action(for: .char("x")) == nil)
        var m = ConsoleModel()
        #expect(m.handle(.char("x")).isEmpty)
        #expect(m.view == .ports && m.dialog == nil && m.flash == nil && !m.showHelp)
    }

    @Test func tabVisitsEveryViewInOrderAndShiftTabGoesBack() {
        var m = ConsoleModel()
        var visited: [View] = []
        for _ in View.allCases {
            visited.append(m.view)
            _ = m.handle(.tab)
        }
        #expect(visited == View.allCases)
        #expect(m.view == View.allCases.first)
        _ = m.handle(.backTab)
        #expect(m.view == View.allCases.last)
    }
}
