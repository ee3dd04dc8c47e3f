import HTTP

/// How many connections each port may hold, from the descriptor limit. Every connection is a
/// descriptor; so is everything else the server opens. The per-port limits together leave `reserve`
/// descriptors free, so a flood meets the 503 of a full port, not a failing `accept`.
public struct ConnectionBudget: Sendable, Equatable {
    /// Descriptors kept back for what is not a client connection: the store (database, WAL, shared
    /// memory, lock), the listeners, each loop's epoll and eventfd, stdio, the audit log and its
    /// rotation, credential files rewritten atomically, etcd connections, and the one descriptor each
    /// loop needs for a moment to answer 503. At most a quarter of all descriptors.
    public static let reserve = 128

    public var descriptors: DescriptorLimit
    /// Open connections per port (the `--max-connections-per-port` in force).
    public var perPort: Int
    /// Open connections per client address on the read-only and secure ports (0: no cap).
    public var perClient: Int
    /// True when the per-port limit was derived rather than given.
    public var perPortDerived: Bool

    /// `ports`: how many ports are enabled. Explicit flags win over what the descriptors suggest.
    public static func derive(
        descriptors: DescriptorLimit, ports: Int, perPort explicitPerPort: Int?,
        perClient explicitPerClient: Int?
    ) -> ConnectionBudget {
        let available = descriptors.soft == Int.max ? Int.max : descriptors.soft - min(reserve, descriptors.soft / 4)
        let share = available == Int.max ? Int.max : available / max(1, ports)
        let perPort = explicitPerPort ?? max(1, min(ConnectionLimits.defaultMaxConnections, share))
        // A quarter of a port: one host cannot hold every slot of it with half-sent headers.
        let perClient = explicitPerClient ?? max(1, min(ConnectionLimits.defaultMaxConnectionsPerClient, perPort / 4))
        return ConnectionBudget(
            descriptors: descriptors, perPort: perPort, perClient: perClient,
            perPortDerived: explicitPerPort == nil)
    }

    /// The startup line: how many descriptors there are and what the connection limits became.
    public var summary: String {
        let raised =
            descriptors.previousSoft < descriptors.soft
            ? " (soft limit raised from \(descriptors.previousSoft) to the hard limit)" : ""
        let source = perPortDerived ? "derived" : "--max-connections-per-port"
        let client = perClient == 0 ? "no per-client cap" : "\(perClient) per client address"
        return "file descriptors: \(descriptors.soft)\(raised); connections: \(perPort) per port (\(source)), \(client)"
    }
}
