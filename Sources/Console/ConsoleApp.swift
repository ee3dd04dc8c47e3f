import APIServer
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The console over a running server: one UI thread owns curses, reads snapshots, and runs its keys'
/// effects, all through a `ServerControl`. It never blocks the server.
/// `@unchecked Sendable`: only `requestStop` (an atomic) is used from other threads; the rest runs on the UI thread.
public final class ConsoleApp: @unchecked Sendable {
    /// At most this many data-driven redraws a second (keys redraw at once).
    static let framesPerSecond: Int64 = 10
    /// A full snapshot at least this often even when no request came (uptime, rates, bucket refill).
    static let idleRefresh: Int64 = 1_000_000_000

    private let control: any ServerControl
    private let source: ConsoleDataSource
    private let effects: EffectRunner
    private let stop: Atomic<Bool>
    /// After `run`: the master the operator chose to attach to next (Masters view), if any.
    public private(set) var nextTarget: AttachTarget?

    /// `attachTarget` says how this console reaches another master of the Masters view (`AttachTarget.of`).
    public init(
        control: any ServerControl,
        attachTarget: @escaping @Sendable (MasterRow) -> Result<AttachTarget, ControlError> = { _ in
            .failure(ControlError("this console cannot attach elsewhere"))
        }
    ) {
        self.control = control
        self.source = ConsoleDataSource(control: control)
        self.effects = EffectRunner(control: control, attachTarget: attachTarget)
        self.stop = Atomic(false)
    }

    /// Asks the loop to end (thread-safe).
    public func requestStop() { stop.store(true, ordering: .releasing) }

    /// Whether the controlling terminal is still there (a SIGHUP may mean it is not).
    public static var terminalAlive: Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) >= 0, isatty(0) == 1 else { return false }
        return Int32(p.revents) & (Int32(POLLHUP) | Int32(POLLERR) | Int32(POLLNVAL)) == 0
    }

    /// Runs until the operator quits or `requestStop`; the terminal is restored on return. Returns what
    /// to tell the operator once the screen is back (after `:stop`), if anything.
    @discardableResult
    public func run(startupNotes: [String]) -> String? {
        let terminal = NCursesTerminal(colours: !Environment.noColor)
        defer { terminal.close() }
        var model = ConsoleModel()
        model.attached = !control.isEmbedded
        if let note = startupNotes.last { model.setFlash(note) }
        var data = source.take()
        var lastCanvas: Canvas?
        var lastSample = monotonicNanoseconds()
        var lastChange = control.changeCount
        var pending = true
        while !stop.load(ordering: .acquiring) {
            let (key, resized) = terminal.readKey()
            if key == nil && !resized && terminal.hungUp { return nil }
            if let key {
                for effect in model.handle(key) where effects.run(effect, &model) == false {
                    nextTarget = model.nextTarget
                    return model.farewell
                }
                pending = true
            }
            if resized || terminal.followResize() { pending = true; lastCanvas = nil }
            let now = monotonicNanoseconds()
            if !model.paused && now - lastSample >= 1_000_000_000 / Self.framesPerSecond {
                let change = control.changeCount
                if change != lastChange || now - lastSample >= Self.idleRefresh || pending {
                    data = source.take()
                    lastChange = change
                    lastSample = now
                    pending = true
                }
            }
            guard pending else { continue }
            pending = false
            let (width, height) = terminal.size
            model.userRows = data.users.map(\.user)
            model.masterRows = data.masters
            model.pageSize = Screen.pageSize(height: height)
            model.clamp(rows: Screen.rowCounts(data, model))
            let canvas = Screen.render(model, data, width: width, height: height)
            // Redraw only what changed: identical frames are not sent at all.
            if lastCanvas?.cells != canvas.cells || lastCanvas?.width != width || lastCanvas?.height != height {
                terminal.draw(canvas)
                lastCanvas = canvas
            }
        }
        return nil
    }
}

enum Environment {
    /// NO_COLOR (no-color.org): any value turns colour off.
    static var noColor: Bool { getenv("NO_COLOR") != nil }
}
