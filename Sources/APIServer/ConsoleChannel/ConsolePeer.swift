#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// Who is on the other end of a console-channel request, and which way they came in.
public struct ConsolePeer: Sendable, Equatable {
    public enum Way: Sendable, Equatable {
        /// The Unix socket in the data directory: the server's own user or root (the socket's gate checked),
        /// with the credentials the kernel gave for the connection.
        case local(PeerCredentials?)
        /// The secure port: authenticated, and authorized by the policy for this request.
        case remote(UserInfo, client: String)
    }

    public var way: Way

    public init(_ way: Way) { self.way = way }

    /// "local" or "remote", as the hello frame says.
    public var channel: String {
        if case .local = way { "local" } else { "remote" }
    }

    /// The name the hello frame gives it. On the socket: its gate let in only the server's user and root.
    public var name: String {
        switch way {
        case .local: "local socket"
        case .remote(let user, _): user.name
        }
    }

    /// For log lines: who, and from where.
    public var description: String {
        switch way {
        case .local(let peer?): "a local console (uid \(peer.uid), pid \(peer.pid))"
        case .local(nil): "a local console"
        case .remote(let user, let client): "\(user.name) at \(client) (secure port)"
        }
    }

    /// Who the audit log says did it: the authenticated user on the secure port; on the socket, the
    /// peer's Unix account (`unix:NAME`, its uid as the user's uid), authenticated by the kernel.
    public var auditUser: UserInfo {
        switch way {
        case .remote(let user, _): return user
        case .local(let peer):
            guard let peer else { return UserInfo(name: "unix:unknown", groups: ["system:authenticated"]) }
            return UserInfo(
                name: "unix:\(Self.accountName(peer.uid) ?? "uid=\(peer.uid)")", uid: String(peer.uid),
                groups: ["system:authenticated"])
        }
    }

    /// The passwd entry's name for `uid`, if it has one.
    static func accountName(_ uid: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name
        else { return nil }
        return String(cString: name)
    }

    /// The address the audit log gives as the source: the client's on the secure port; none on the socket.
    var sourceIP: String {
        if case .remote(_, let client) = way { client } else { "" }
    }
}
