/// Where a client connects: scheme, host and port of a URL such as `https://10.0.0.1:2379` or
/// `http://[::1]:2379`. A path after the authority is not part of the origin and is refused, so a typo
/// like `http://host:2379/v3` is reported rather than silently dropped.
public struct HTTPOrigin: Sendable, Hashable, CustomStringConvertible {
    public let secure: Bool
    /// A name or an address literal, without brackets.
    public let host: String
    public let port: Int

    /// Set: connect to this Unix-domain socket (plain HTTP, `Host: localhost`) instead of host:port.
    public private(set) var unixSocketPath: String?

    public init(secure: Bool, host: String, port: Int) {
        self.secure = secure
        self.host = host
        self.port = port
    }

    /// A server on this host behind a Unix-domain socket (a master's console channel).
    public init(unixSocket path: String) {
        self.init(secure: false, host: "localhost", port: 0)
        unixSocketPath = path
    }

    /// Parses `http://host[:port]` or `https://host[:port]`; `defaultPort` when the port is left out.
    public init(parsing url: String, defaultPort: Int) throws(HTTPClientError) {
        let secure: Bool
        var rest: Substring
        if url.hasPrefix("http://") {
            secure = false
            rest = url.dropFirst("http://".count)
        } else if url.hasPrefix("https://") {
            secure = true
            rest = url.dropFirst("https://".count)
        } else {
            throw HTTPClientError(.notSent, "\(url): the URL must start with http:// or https://")
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?") else {
            throw HTTPClientError(.notSent, "\(url): expected scheme://host[:port] and nothing else")
        }
        var host = rest
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw HTTPClientError(.notSent, "\(url): unclosed [ in the address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw HTTPClientError(.notSent, "\(url): unexpected text after the address")
                }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        var port = defaultPort
        if let portText {
            guard let n = Int(portText), (1...65535).contains(n) else {
                throw HTTPClientError(.notSent, "\(url): bad port \"\(portText)\"")
            }
            port = n
        }
        guard !host.isEmpty else { throw HTTPClientError(.notSent, "\(url): no host") }
        self.init(secure: secure, host: String(host), port: port)
    }

    /// The URL again, as operators wrote it (brackets around IPv6 literals).
    public var description: String {
        if let unixSocketPath { return "unix:\(unixSocketPath)" }
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "https" : "http")://\(h):\(port)"
    }

    /// The Host header's value.
    var authority: String {
        unixSocketPath != nil ? host : host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
