/// A question waiting for y/n, or a dialog waiting to be closed.
public enum Dialog: Equatable, Sendable {
    case confirmRotate(user: String)
    case confirmRotateAll
    /// Embedded: quitting stops the server.
    case confirmQuit
    /// Attached: quitting detaches; the master keeps serving.
    case confirmDetach
    /// Attached: `:stop` stops the master itself.
    case confirmStop
    /// New tokens (`user: token` lines), shown once; closing the dialog forgets them.
    case showTokens([String])
}
