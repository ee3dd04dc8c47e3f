import CNCurses
#if canImport(Glibc)
import Glibc
#endif

/// The only code that calls curses. Owns the screen from `init` to `close`: draws a `Canvas` with one
/// `doupdate` per frame (werase + wnoutrefresh, never clear: no flicker) and turns key codes into `Key`s.
final class NCursesTerminal {
    /// How long `readKey` waits for a key (ms): the UI loop's tick.
    static let tickMilliseconds: Int32 = 100

    private let window: UnsafeMutablePointer<WINDOW>
    private var attributes: [Role: attr_t] = [:]
    private var open = true
    /// The locale is not UTF-8: cells are drawn through `AsciiFallback`.
    let ascii: Bool

    init(colours wantColours: Bool) {
        ascii = !TerminalLocale.adoptAndCheckUTF8()
        initscr()
        window = kc_stdscr()!
        raw()  // Ctrl-C arrives as a key (quit asks first); signals from outside still work
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)  // Esc is instant
        curs_set(0)
        wtimeout(window, Self.tickMilliseconds)
        attributes = Self.theme(colours: wantColours && has_colors())
        TerminalGuard.install()
    }

    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Asks the terminal its size and tells curses when it changed. A resize normally arrives as KEY_RESIZE
    /// (SIGWINCH); polling too means a missed signal costs one tick, not a stale layout.
    func followResize() -> Bool {
        var ws = winsize()
        guard ioctl(0, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 else { return false }
        let (width, height) = size
        guard Int(ws.ws_col) != width || Int(ws.ws_row) != height else { return false }
        resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        return true
    }

    /// True once the terminal has hung up (the tmux pane or ssh session is gone): curses then returns at
    /// once instead of waiting, so the loop must notice and leave rather than spin.
    var hungUp: Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) >= 0 else { return true }
        return Int32(p.revents) & (Int32(POLLHUP) | Int32(POLLERR) | Int32(POLLNVAL)) != 0 || isatty(0) == 0
    }

    /// Waits up to a tick for a key; nil when none came. `resized` on a terminal resize.
    func readKey() -> (key: Key?, resized: Bool) {
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR { return (nil, false) }
        if rc == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE: return (nil, true)
            case KEY_UP: return (.up, false)
            case KEY_DOWN: return (.down, false)
            case KEY_PPAGE: return (.pageUp, false)
            case KEY_NPAGE: return (.pageDown, false)
            case KEY_HOME: return (.home, false)
            case KEY_END: return (.end, false)
            case KEY_BTAB: return (.backTab, false)
            case KEY_BACKSPACE: return (.backspace, false)
            case KEY_ENTER: return (.enter, false)
            default: return (nil, false)
            }
        }
        switch ch {
        case 9: return (.tab, false)
        case 10, 13: return (.enter, false)
        case 27: return (.escape, false)
        case 8, 127: return (.backspace, false)
        case 1...26: return (.ctrl(Character(Unicode.Scalar(UInt8(ch) + 96))), false)
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return (nil, false) }
            return (.char(Character(scalar)), false)
        }
    }

    func draw(_ canvas: Canvas) {
        werase(window)
        for row in 0..<canvas.height {
            var column = 0
            while column < canvas.width {
                // A run of cells with one role, written with one call.
                let role = canvas.role(at: row, column)
                var text = ""
                var end = column
                while end < canvas.width && canvas.role(at: row, end) == role {
                    text += ascii ? AsciiFallback.map(canvas.cell(row, end).text) : canvas.cell(row, end).text
                    end += 1
                }
                let attr = attributes[role] ?? 0
                wattrset(window, Int32(bitPattern: UInt32(truncatingIfNeeded: attr)))
                // The bottom-right cell cannot be written without scrolling; curses reports ERR and draws the rest.
                _ = mvwaddstr(window, Int32(row), Int32(column), text)
                column = end
            }
        }
        wattrset(window, 0)
        wnoutrefresh(window)
        doupdate()
    }

    func close() {
        guard open else { return }
        open = false
        endwin()
        TerminalGuard.uninstall()
    }

    /// 16-colour default theme on the terminal's own background; bold/reverse when there is no colour.
    static func theme(colours: Bool) -> [Role: attr_t] {
        let bold = kc_a_bold(), reverse = kc_a_reverse(), dim = kc_a_dim(), underline = kc_a_underline()
        guard colours else {
            return [
                .title: reverse, .dim: dim, .tabActive: reverse | bold, .columnHeader: bold | underline,
                .selected: reverse,
                .clientError: bold, .serverError: bold | underline, .warning: bold | underline,
                .flashError: bold | reverse,
                .flashInfo: bold, .overlay: reverse, .bar: bold,
            ]
        }
        start_color()
        use_default_colors()
        let pairs: [(Role, Int16, Int16)] = [
            (.title, Int16(COLOR_BLACK), Int16(COLOR_CYAN)), (.tabActive, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
            (.ok, Int16(COLOR_GREEN), -1), (.redirect, Int16(COLOR_CYAN), -1), (.clientError, Int16(COLOR_YELLOW), -1),
            (.serverError, Int16(COLOR_RED), -1), (.warning, Int16(COLOR_RED), -1),
            (.flashInfo, Int16(COLOR_GREEN), -1),
            (.flashError, Int16(COLOR_RED), -1), (.bar, Int16(COLOR_CYAN), -1),
            (.overlay, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
            (.columnHeader, Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
        ]
        var theme: [Role: attr_t] = [.dim: dim, .selected: reverse]
        for (i, (role, fg, bg)) in pairs.enumerated() {
            init_pair(Int16(i + 1), fg, bg)
            theme[role] = attr_t(kc_color_pair(Int32(i + 1)))
        }
        for role in [Role.warning, .flashError, .flashInfo, .tabActive, .columnHeader] {
            theme[role, default: 0] |= bold
        }
        return theme
    }
}

/// Restores the terminal if the process dies on a fatal signal while curses owns it.
enum TerminalGuard {
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    static func install() {
        for s in fatalSignals {
            signal(s) { sig in
                endwin()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    static func uninstall() {
        for s in fatalSignals { signal(s, SIG_DFL) }
    }
}
