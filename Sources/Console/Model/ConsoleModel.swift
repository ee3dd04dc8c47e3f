import APIServer

/// The console's state and its key handling: pure (state + key → new state + effects), so every binding is
/// tested without a terminal. It never touches the server; effects do, and their results come back as
/// `flash` messages.
public struct ConsoleModel: Sendable {
    public enum Mode: Equatable, Sendable {
        case normal
        case filter(String)
        case command(String)
    }

    public var view = View.ports
    public var mode = Mode.normal
    public var dialog: Dialog?
    public var showHelp = false
    public var paused = false
    /// Requests view: follow the tail; scrolling up stops following.
    public var following = true
    /// Selected row per view (Requests: counted from the top of the filtered list).
    public var selection = [View: Int]()
    public var filterText = ""
    public var portFilter: PortKind?
    /// 2 for 2xx ... 5 for 5xx.
    public var classFilter: Int?
    public var flash: (text: String, isError: Bool)?
    /// Tokens from the last rotation (`user: token`), until shown once (`t`) or replaced.
    public var pendingTokens: [String] = []
    /// Rows the current view has, and how many fit, as of the last frame (for paging and clamping).
    public var rowCount = [View: Int]()
    public var pageSize = 10
    /// Attached to a master elsewhere (quitting detaches) rather than embedding it (quitting stops it).
    public var attached = false
    /// What to say on the terminal once the console has left (after `:stop`).
    public var farewell: String?
    /// Where to attach once this console has left (Enter on a master in the Masters view).
    public var nextTarget: AttachTarget?

    public init() {}

    public func selected(_ v: View) -> Int { selection[v] ?? 0 }

    public mutating func setFlash(_ text: String, error: Bool = false) { flash = (text, error) }

    /// Handles one key; returns what the app must do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if let dialog { return handleDialog(dialog, key) }
        if showHelp {
            showHelp = false
            return []
        }
        switch mode {
        case .filter(let text): return handleFilter(text, key)
        case .command(let text): return handleCommand(text, key)
        case .normal: return handleNormal(key)
        }
    }

    private mutating func handleNormal(_ key: Key) -> [Effect] {
        guard let action = KeyBinding.action(for: key) else { return [] }
        return perform(action)
    }

    /// Carries out one binding of `KeyBinding.table`.
    mutating func perform(_ action: KeyAction) -> [Effect] {
        switch action {
        case .show(let v): view = v
        case .nextView: view = view.next
        case .previousView: view = view.previous
        case .move(let rows): move(rows)
        case .page(let pages): move(pages * pageSize)
        case .top: moveTo(0)
        case .bottom: moveToEnd()
        case .filter:
            mode = .filter(filterText)
            view = .requests
        case .cyclePortFilter:
            let all: [PortKind?] = [nil] + PortKind.allCases.map { $0 }
            let i = all.firstIndex(of: portFilter) ?? 0
            portFilter = all[(i + 1) % all.count]
            setFlash("port filter: \(portFilter?.name ?? "all ports")")
        case .cycleClassFilter:
            let all: [Int?] = [nil, 2, 3, 4, 5]
            let i = all.firstIndex(of: classFilter) ?? 0
            classFilter = all[(i + 1) % all.count]
            setFlash("status filter: \(classFilter.map { "\($0)xx" } ?? "all statuses")")
        case .togglePause:
            paused.toggle()
            setFlash(paused ? "paused: the screen is frozen (Z or space resumes)" : "live")
        case .rotateSelected:
            guard view == .credentials, let user = selectedUser else {
                setFlash("select a user in Credentials (5) to rotate its token", error: true)
                break
            }
            dialog = .confirmRotate(user: user)
        case .rotateAll:
            dialog = .confirmRotateAll
        case .attachSelected:
            guard view == .masters, let master = selectedMaster else {
                setFlash("select a master in Masters (7) to attach to it", error: true)
                break
            }
            guard !master.isSelf else {
                setFlash("\(master.name) is the master this console shows", error: true)
                break
            }
            return [.attachMaster(master)]
        case .showNewTokens:
            if !pendingTokens.isEmpty {
                dialog = .showTokens(pendingTokens)
                pendingTokens = []
            } else {
                setFlash("no new token to show", error: true)
            }
        case .run(let effect): return [effect]
        case .commandLine: mode = .command("")
        case .help: showHelp = true
        case .quit: dialog = attached ? .confirmDetach : .confirmQuit
        case .clearFlash: flash = nil
        }
        return []
    }

    private mutating func handleDialog(_ dialog: Dialog, _ key: Key) -> [Effect] {
        if case .showTokens = dialog {
            self.dialog = nil  // any key closes it; the token is gone for good
            return []
        }
        switch key {
        case .char("y"), .char("Y"):
            self.dialog = nil
            switch dialog {
            case .confirmRotate(let user): return [.rotateToken(user: user)]
            case .confirmRotateAll: return [.rotateAllTokens]
            case .confirmQuit, .confirmDetach: return [.quit]
            case .confirmStop: return [.stopMaster]
            case .showTokens: return []
            }
        case .char("n"), .char("N"), .escape, .char("q"):
            self.dialog = nil
            setFlash("cancelled")
        case .ctrl("c") where dialog == .confirmQuit || dialog == .confirmDetach:
            self.dialog = nil
            return [.quit]
        default:
            break
        }
        return []
    }

    private mutating func handleFilter(_ text: String, _ key: Key) -> [Effect] {
        switch key {
        case .escape:
            filterText = ""
            mode = .normal
        case .enter:
            filterText = text
            mode = .normal
        case .backspace:
            let t = String(text.dropLast())
            mode = .filter(t)
            filterText = t
        case .char(let c):
            mode = .filter(text + String(c))
            filterText = text + String(c)
        default:
            break
        }
        following = true
        return []
    }

    private mutating func handleCommand(_ text: String, _ key: Key) -> [Effect] {
        switch key {
        case .escape:
            mode = .normal
        case .backspace:
            mode = text.isEmpty ? .normal : .command(String(text.dropLast()))
        case .char(let c):
            mode = .command(text + String(c))
        case .enter:
            mode = .normal
            return runCommand(text)
        default:
            break
        }
        return []
    }

    /// `:rotate USER`, `:rotate all`, `:reload policy`, `:reload tokens`, `:stop`, `:q`.
    mutating func runCommand(_ text: String) -> [Effect] {
        let words = text.split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("rotate", 2) where words[1] == "all": dialog = .confirmRotateAll
        case ("rotate", 2): return [.rotateToken(user: words[1])]
        case ("reload", 2) where words[1] == "policy": return [.reloadPolicy]
        case ("reload", 2) where words[1] == "tokens": return [.reloadTokens]
        case ("stop", 1): dialog = attached ? .confirmStop : .confirmQuit
        case ("q", 1), ("quit", 1): return [.quit]
        case ("q!", 1): return [.quit]
        case (nil, _): break
        default: setFlash("unknown command: \(text) (rotate USER, reload policy, reload tokens, stop, q)", error: true)
        }
        return []
    }

    // MARK: - Movement

    /// The master under the cursor in the Masters view.
    public var masterRows: [MasterRow] = []
    public var selectedMaster: MasterRow? {
        let i = selected(.masters)
        return masterRows.indices.contains(i) ? masterRows[i] : nil
    }

    /// The user under the cursor in the Credentials view.
    public var userRows: [String] = []
    public var selectedUser: String? {
        let i = selected(.credentials)
        return userRows.indices.contains(i) ? userRows[i] : nil
    }

    private mutating func move(_ delta: Int) {
        let count = rowCount[view] ?? 0
        let current = view == .requests && following ? max(0, count - 1) : selected(view)
        let next = max(0, min(max(0, count - 1), current + delta))
        selection[view] = next
        if view == .requests { following = count == 0 || next >= count - 1 && delta > 0 }
    }

    private mutating func moveTo(_ row: Int) {
        selection[view] = row
        if view == .requests { following = false }
    }

    private mutating func moveToEnd() {
        selection[view] = max(0, (rowCount[view] ?? 0) - 1)
        if view == .requests { following = true }
    }

    /// Keeps selections inside the rows the views have now; the Requests view stays on the tail while following.
    public mutating func clamp(rows: [View: Int]) {
        rowCount = rows
        for (v, count) in rows {
            if v == .requests && following {
                selection[v] = max(0, count - 1)
            } else {
                selection[v] = max(0, min(selected(v), count - 1))
            }
        }
    }
}
