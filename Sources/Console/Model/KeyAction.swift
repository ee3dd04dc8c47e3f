/// What a key does in the normal mode (no dialog, filter or command line open). `ConsoleModel` carries
/// these out; `KeyBinding.table` says which key does which.
public enum KeyAction: Equatable, Sendable {
    case show(View)
    case nextView, previousView
    /// Rows (negative: up).
    case move(Int)
    /// Pages (negative: up).
    case page(Int)
    case top, bottom
    case filter, cyclePortFilter, cycleClassFilter, togglePause
    case rotateSelected, rotateAll, showNewTokens
    /// Masters view: attach to the selected master.
    case attachSelected
    /// An effect the app runs at once (the reloads).
    case run(Effect)
    case commandLine, help, quit, clearFlash
}
