/// How a call to etcd failed, in the terms the store acts on.
enum EtcdClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No endpoint could be reached (each one's cause); nothing was done.
    case unreachable(String)
    /// The request left but its answer did not arrive: a write may or may not have been applied.
    case outcomeUnknown(String)
    /// The revision asked for has been compacted away; etcd keeps history from `compactRevision` on.
    case compacted(String)
    /// An error status from etcd (gRPC code and message), such as `etcdserver: no leader`.
    case rejected(code: Int, message: String)
    /// An answer that is not what the API promises.
    case malformed(String)

    var description: String {
        switch self {
        case .unreachable(let why): return "etcd is unreachable: \(why)"
        case .outcomeUnknown(let why): return "etcd did not answer (the outcome is unknown): \(why)"
        case .compacted(let message): return message
        case .rejected(_, let message): return message
        case .malformed(let why): return "unexpected answer from etcd: \(why)"
        }
    }

    /// The cause alone, without the kind (what an endpoint's health records).
    var detail: String {
        switch self {
        case .unreachable(let why), .outcomeUnknown(let why), .compacted(let why), .malformed(let why): return why
        case .rejected(_, let message): return message
        }
    }

    /// gRPC status codes the gateway passes on in `code`.
    static let codeOutOfRange = 11, codeUnavailable = 14, codeDeadlineExceeded = 4

    /// Whether the member that answered is unfit to serve (no leader, stopping): another may be.
    var memberUnavailable: Bool {
        if case .rejected(let code, _) = self {
            return code == Self.codeUnavailable || code == Self.codeDeadlineExceeded
        }
        return false
    }

    /// What a store operation reports.
    var storeError: StoreError {
        switch self {
        case .unreachable, .outcomeUnknown, .rejected, .malformed: return .unavailable(description)
        case .compacted(let message): return .storage(message)
        }
    }
}
