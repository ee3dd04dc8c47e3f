import APIServer

/// What the model asks the outside world to do; the app runs it and reports back with `flash`.
public enum Effect: Equatable, Sendable {
    case rotateToken(user: String)
    case rotateAllTokens
    case reloadPolicy
    case reloadTokens
    /// Leave: stop the embedded server, or detach from the master.
    case quit
    /// Stop the attached master (it finishes what is in flight and exits), then leave.
    case stopMaster
    /// Leave this master's console for another master's (Masters view): detach, or, embedded, come back
    /// here when that console detaches.
    case attachMaster(MasterRow)
}
