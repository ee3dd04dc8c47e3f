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

    init(fd: Int32, configuration: ListenerConfiguration, port: Int) {
        self.fd = fd
        self.name = configuration.name
        self.host = configuration.host
        self.port = port
        self.handler = configuration.handler
        self.parserLimits = configuration.limits
        self.connectionLimits = configuration.connectionLimits
        self.transportFactory = configuration.transport ?? PlainTransportFactory()
    }

    /// Counts a new connection unless the port is at its limit.
    func tryOpen() -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now > connectionLimits.maxConnections {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func closed() { open.wrappingSubtract(1, ordering: .relaxed) }

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
    /// A Unix-domain socket to listen on instead of host:port (a file made with mode 0600).
    public var unixSocketPath: String?

    public init(name: String, host: String, port: Int, handler: any HTTPHandler, limits: HTTPLimits = HTTPLimits(),
                connectionLimits: ConnectionLimits = ConnectionLimits(), transport: (any TransportFactory)? = nil,
                backlog: Int32 = 1024, unixSocketPath: String? = nil) {
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
}
