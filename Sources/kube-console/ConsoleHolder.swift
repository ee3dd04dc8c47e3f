import Console
import Synchronization

/// The console on screen now, for the thread that takes signals: a console may give way to another (Enter
/// on a master in the Masters view), and SIGTERM must stop whichever shows, and every one after it.
final class ConsoleHolder: Sendable {
    private let state = Mutex<(app: ConsoleApp?, stopping: Bool)>((nil, false))

    /// Shows `app` next; false when the consoles are stopping (do not run it).
    func show(_ app: ConsoleApp) -> Bool {
        state.withLock { s in
            s.app = app
            return !s.stopping
        }
    }

    func stopAll() {
        let app = state.withLock { s in
            s.stopping = true
            return s.app
        }
        app?.requestStop()
    }

    var stopping: Bool { state.withLock { $0.stopping } }
}
