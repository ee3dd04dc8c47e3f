/// Everything a store operation can refuse with. The REST layer maps these to Status objects:
/// notFound 404, alreadyExists 409, conflict 409, tooOldResourceVersion/continueExpired 410 Expired,
/// tooLargeResourceVersion 504 Timeout, invalid 400, closed/storage 500, unavailable 503.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(ObjectKey)
    case alreadyExists(ObjectKey)
    case conflict(ObjectKey, Conflict)
    /// A watch (or exact list) asked for history older than the window; `oldest` is the oldest revision
    /// still resumable.
    case tooOldResourceVersion(requested: Int64, oldest: Int64)
    /// A continue token whose revision has left the history window.
    case continueExpired(requested: Int64, oldest: Int64)
    /// A read at a revision the store has not reached.
    case tooLargeResourceVersion(requested: Int64, current: Int64)
    /// A malformed selector or continue token.
    case invalid(String)
    case closed
    /// The database failed (disk full, I/O error); nothing of the failed write was kept.
    case storage(String)
    /// The backing store cannot be reached (etcd lost); the write was not acknowledged. Reads from the
    /// cache go on meanwhile, and the store recovers by itself.
    case unavailable(String)

    public enum Conflict: Sendable, Equatable {
        case revision(expected: Int64, actual: Int64)
        case uid(expected: String, actual: String)
    }

    public var description: String {
        switch self {
        case .notFound(let key): return "\(key) not found"
        case .alreadyExists(let key): return "\(key) already exists"
        case .conflict(let key, .revision(let expected, let actual)):
            return "\(key): resourceVersion \(actual) does not match precondition \(expected)"
        case .conflict(let key, .uid(let expected, let actual)):
            return "\(key): Precondition failed: UID in precondition: \(expected), UID in object meta: \(actual)"
        case .tooOldResourceVersion(let requested, let oldest):
            return "too old resource version: \(requested) (\(oldest))"
        case .continueExpired(let requested, let oldest):
            return "the continue token's resource version \(requested) is older than the oldest kept (\(oldest))"
        case .tooLargeResourceVersion(let requested, let current):
            return "Too large resource version: \(requested), current: \(current)"
        case .invalid(let message): return message
        case .closed: return "the store is closed"
        case .storage(let message): return "storage error: \(message)"
        case .unavailable(let message): return message
        }
    }
}
