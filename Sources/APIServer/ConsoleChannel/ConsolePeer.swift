import HTTP

/// Who is on the other end of a console-channel request, and which way they came in.
public struct ConsolePeer: Sendable, Equatable {
    public enum Way: Sendable, Equatable {
        /// The Unix socket in the data directory: the server's own user or root (the socket's gate checked).
        case local
        /// The secure port: authenticated, and authorized by the policy for this request.
        case remote(UserInfo, client: String)
    }

    public var way: Way

    public init(_ way: Way) { self.way = way }

    /// "local" or "remote", as the hello frame says.
    public var channel: String {
        if case .local = way { "local" } else { "remote" }
    }

    /// The name the hello frame and the audit lines give it. On the socket: its gate let in only the
    /// server's user and root.
    public var name: String {
        switch way {
        case .local: "local socket"
        case .remote(let user, _): user.name
        }
    }

    /// For log lines: who, and from where.
    public var description: String {
        switch way {
        case .local: "a local console"
        case .remote(let user, let client): "\(user.name) at \(client) (secure port)"
        }
    }
}
