/// What the model asks the outside world to do; the app runs it and reports back with `flash`.
public enum Effect: Equatable, Sendable {
    case rotateToken(user: String)
    case rotateAllTokens
    case reloadPolicy
    case reloadTokens
    case quit
}
