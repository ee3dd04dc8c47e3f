/// A question waiting for y/n, or a dialog waiting to be closed.
public enum Dialog: Equatable, Sendable {
    case confirmRotate(user: String)
    case confirmRotateAll
    case confirmQuit
    /// New tokens (`user: token` lines), shown once; closing the dialog forgets them.
    case showTokens([String])
}
