import KubeAPI

/// The first frame of every stream: the format version, which master this is, and how it sees the
/// console (which way in, as whom, whether it may rotate, reload and stop).
public struct ConsoleHello: Sendable, Equatable {
    public var format: Int
    public var pid: Int
    public var host: String
    public var dataDir: String
    public var version: String
    /// Wall-clock nanoseconds when the master started.
    public var startedAt: Int64
    /// "local" (the Unix socket) or "remote" (the secure port).
    public var channel: String
    /// Who the master sees: `uid 1000` on the socket, the authenticated user on the secure port.
    public var peer: String
    /// Whether operations (POSTs) would be allowed to this peer, as the policy says now.
    public var mayWrite: Bool

    public init(
        format: Int = ConsoleWire.formatVersion, pid: Int, host: String, dataDir: String, version: String,
        startedAt: Int64,
        channel: String, peer: String, mayWrite: Bool
    ) {
        self.format = format
        self.pid = pid
        self.host = host
        self.dataDir = dataDir
        self.version = version
        self.startedAt = startedAt
        self.channel = channel
        self.peer = peer
        self.mayWrite = mayWrite
    }

    var wire: [(key: String, value: JSONValue)] {
        [
            ("format", WireJSON.int(format)),
            (
                "master",
                .object([
                    ("pid", WireJSON.int(pid)), ("host", .string(host)), ("dataDir", .string(dataDir)),
                    ("version", .string(version)), ("startedAt", WireJSON.int64(startedAt)),
                ])
            ),
            ("channel", .string(channel)), ("peer", .string(peer)), ("mayWrite", .bool(mayWrite)),
        ]
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        let master = try o.object("master")
        self.init(
            format: try o.int("format"), pid: try master.int("pid"), host: try master.string("host"),
            dataDir: try master.string("dataDir"), version: try master.string("version"),
            startedAt: try master.int64("startedAt"),
            channel: try o.string("channel"), peer: try o.string("peer"), mayWrite: try o.bool("mayWrite"))
    }
}
