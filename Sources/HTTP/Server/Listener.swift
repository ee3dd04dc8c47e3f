#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A listening socket and everything its connections share: name, handler, limits, transport.
final class Listener: Sendable {
    let fd: Int32
    let name: String
    let host: String
    let port: Int
    let handler: any HTTPHandler
    let parserLimits: HTTPLimits
    let connectionLimits: ConnectionLimits
    let transportFactory: any TransportFactory
    private let open = Atomic<Int>(0)
    private let connectionIDs = Atomic<UInt64>(0)
    /// Open connections per client address; only kept when there is a per-client cap.
    private let perClient = Mutex<[ClientAddress: Int]>([:])
    let counters = ListenerCounters()
    let onDescriptorShortage: (@Sendable (_ errno: Int32, _ pause: Duration) -> Void)?

    init(fd: Int32, configuration: ListenerConfiguration, port: Int) {
        self.fd = fd
        self.name = configuration.name
        self.host = configuration.host
        self.port = port
        self.handler = configuration.handler
        self.parserLimits = configuration.limits
        self.connectionLimits = configuration.connectionLimits
        self.transportFactory = configuration.transport ?? PlainTransportFactory()
        self.onDescriptorShortage = configuration.onDescriptorShortage
    }

    enum Admission { case admitted, portFull, clientFull }

    /// Counts a new connection unless the port, or this client's share of it, is at its limit.
    func tryOpen(client: ClientAddress) -> Admission {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now > connectionLimits.maxConnections {
            open.wrappingSubtract(1, ordering: .relaxed)
            counters.refusedPortFull.wrappingAdd(1, ordering: .relaxed)
            return .portFull
        }
        let cap = connectionLimits.maxConnectionsPerClient
        if cap > 0 {
            let admitted = perClient.withLock { counts in
                let current = counts[client, default: 0]
                if current >= cap { return false }
                counts[client] = current + 1
                return true
            }
            if !admitted {
                open.wrappingSubtract(1, ordering: .relaxed)
                counters.refusedClientFull.wrappingAdd(1, ordering: .relaxed)
                return .clientFull
            }
        }
        return .admitted
    }

    func closed(client: ClientAddress) {
        if connectionLimits.maxConnectionsPerClient > 0 {
            perClient.withLock { counts in
                let left = counts[client, default: 1] - 1
                counts[client] = left > 0 ? left : nil
            }
        }
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    var openConnections: Int { open.load(ordering: .relaxed) }

    func nextConnectionID() -> UInt64 { connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// What to listen on and how to serve it.
public struct ListenerConfiguration: Sendable {
    public var name: String
    public var host: String
    public var port: Int
    public var handler: any HTTPHandler
    public var limits: HTTPLimits
    public var connectionLimits: ConnectionLimits
    /// Nil: plain TCP.
    public var transport: (any TransportFactory)?
    public var backlog: Int32
    /// Called on a loop thread when `accept` ran out of descriptors and the listener pauses for `pause`
    /// (at most once per pause per loop: the owner decides how often to say so).
    public var onDescriptorShortage: (@Sendable (_ errno: Int32, _ pause: Duration) -> Void)?
    /// A Unix-domain socket to listen on instead of host:port (a file made with mode 0600).
    public var unixSocketPath: String?

    public init(
        name: String, host: String, port: Int, handler: any HTTPHandler, limits: HTTPLimits = HTTPLimits(),
        connectionLimits: ConnectionLimits = ConnectionLimits(), transport: (any TransportFactory)? = nil,
        backlog: Int32 = 1024, unixSocketPath: String? = nil
    ) {
        self.unixSocketPath = unixSocketPath
        self.name = name
        self.host = host
        self.port = port
        self.handler = handler
        self.limits = limits
        self.connectionLimits = connectionLimits
        self.transport = transport
        self.backlog = backlog
    }
}

/// A port the server is listening on, as its owner sees it.
public struct BoundListener: Sendable {
    let listener: Listener
    public var name: String { listener.name }
    public var host: String { listener.host }
    /// The real port (differs from the configured one only when that was 0).
    public var port: Int { listener.port }
    public var openConnections: Int { listener.openConnections }
    /// Connections answered 503 and closed at once because the port was full.
    public var refusedPortFull: Int { listener.counters.refusedPortFull.load(ordering: .relaxed) }
    /// Connections answered 503 and closed at once because their client address was at its cap.
    public var refusedClientFull: Int { listener.counters.refusedClientFull.load(ordering: .relaxed) }
    /// Times a loop stopped accepting on this port for a while because descriptors ran out.
    public var acceptPauses: Int { listener.counters.acceptPauses.load(ordering: .relaxed) }
    /// True while at least one loop has stopped accepting on this port for lack of descriptors.
    public var isAcceptPaused: Bool { listener.counters.pausedLoops.load(ordering: .relaxed) > 0 }
    public var maxConnections: Int { listener.connectionLimits.maxConnections }
    public var maxConnectionsPerClient: Int { listener.connectionLimits.maxConnectionsPerClient }
}
