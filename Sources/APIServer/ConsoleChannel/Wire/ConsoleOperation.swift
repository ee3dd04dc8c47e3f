import KubeAPI

/// What a console may ask of a master: each a POST to its own path under `ConsoleWire.basePath` (so a
/// policy can allow one and not another), with a small JSON body, answered by a
/// `ConsoleOperationResult`.
public enum ConsoleOperation: Sendable, Equatable {
    /// `POST …/tokens/rotate` `{"user":"NAME"}`: a new token for one user, returned once.
    case rotateToken(user: String)
    /// `POST …/tokens/rotate-all` `{}`: new tokens for every user of the token file.
    case rotateAllTokens
    /// `POST …/tokens/reload` `{}`: reread the token file.
    case reloadTokens
    /// `POST …/policy/reload` `{}`: reread the policy file.
    case reloadPolicy
    /// `POST …/stop` `{}`: the master finishes what is in flight and exits (as on SIGTERM).
    case stop

    /// The name results and the audit use (`rotate-token`).
    public var name: String {
        switch self {
        case .rotateToken: "rotate-token"
        case .rotateAllTokens: "rotate-all-tokens"
        case .reloadTokens: "reload-tokens"
        case .reloadPolicy: "reload-policy"
        case .stop: "stop"
        }
    }

    public var path: String {
        switch self {
        case .rotateToken: ConsoleWire.basePath + "/tokens/rotate"
        case .rotateAllTokens: ConsoleWire.basePath + "/tokens/rotate-all"
        case .reloadTokens: ConsoleWire.basePath + "/tokens/reload"
        case .reloadPolicy: ConsoleWire.basePath + "/policy/reload"
        case .stop: ConsoleWire.basePath + "/stop"
        }
    }

    public var body: [UInt8] {
        switch self {
        case .rotateToken(let user): JSONValue.object([("user", .string(user))]).bytes
        default: Array("{}".utf8)
        }
    }

    /// Whether `path` is an operation's (whatever its body).
    public static func isOperationPath(_ path: Substring) -> Bool {
        [ConsoleOperation.rotateToken(user: ""), .rotateAllTokens, .reloadTokens, .reloadPolicy, .stop].contains {
            $0.path == path
        }
    }

    /// The operation a POST asks for; nil when `path` names none; an error for a body that does not fit.
    public static func parse(path: Substring, body: [UInt8]) throws(ConsoleWireError) -> ConsoleOperation? {
        let simple: [ConsoleOperation] = [.rotateAllTokens, .reloadTokens, .reloadPolicy, .stop]
        if let operation = simple.first(where: { $0.path == path }) {
            if !body.isEmpty { _ = try WireObject.parse(body, what: "body") }
            return operation
        }
        guard path == ConsoleOperation.rotateToken(user: "").path else { return nil }
        let user = try WireObject.parse(body, what: "body").string("user")
        guard !user.isEmpty else { throw ConsoleWireError("user: must not be empty") }
        return .rotateToken(user: user)
    }
}
