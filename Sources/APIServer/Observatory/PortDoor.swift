import HTTP

/// A port's listener as the operator watches it: open connections against the limits, connections
/// refused at once (503) because the port or the client was full, and pauses of `accept` for lack of
/// descriptors.
public struct PortDoor: Sendable, Equatable {
    public var openConnections = 0
    public var maxConnections = 0
    /// 0: no per-client cap (the localhost port).
    public var maxConnectionsPerClient = 0
    public var refusedPortFull = 0
    public var refusedClientFull = 0
    public var acceptPauses = 0
    /// True while the port is not accepting for lack of descriptors.
    public var acceptPaused = false

    public init() {}

    init(_ listener: BoundListener) {
        openConnections = listener.openConnections
        maxConnections = listener.maxConnections
        maxConnectionsPerClient = listener.maxConnectionsPerClient
        refusedPortFull = listener.refusedPortFull
        refusedClientFull = listener.refusedClientFull
        acceptPauses = listener.acceptPauses
        acceptPaused = listener.isAcceptPaused
    }
}
