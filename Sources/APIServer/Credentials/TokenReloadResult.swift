/// What rereading the token file did (SIGHUP, the console's `T`): like `PolicyStore.ReloadResult`.
public enum TokenReloadResult: Sendable, Equatable {
    case loaded(users: Int)
    /// The file was refused (file and line, or no token file in use); the tokens in force stay.
    case refused(String)

    public var summary: String {
        switch self {
        case .loaded(let users): return "tokens reloaded: \(users) users"
        case .refused(let why): return "tokens refused: \(why)"
        }
    }
}
