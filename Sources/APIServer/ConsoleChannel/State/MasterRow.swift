/// A master on the same etcd, as its identity lease announces it: for the console's Masters view, and to
/// attach to it (its console socket in `dataDir` on its host, or its secure port).
public struct MasterRow: Sendable, Equatable {
    /// kube's identity lease name (`apiserver-…`).
    public var name: String
    public var host: String
    public var dataDir: String
    public var pid: Int
    public var version: String
    /// Wall-clock nanoseconds.
    public var startedAt: Int64
    /// Port name (`localhost`, `read-only`, `secure`) → URL.
    public var ports: [(name: String, url: String)]
    /// Its console channel's socket on its host (empty: none).
    public var consoleSocket: String
    /// The master publishing this state.
    public var isSelf: Bool

    public init(
        name: String, host: String, dataDir: String, pid: Int, version: String, startedAt: Int64,
        ports: [(name: String, url: String)], consoleSocket: String, isSelf: Bool
    ) {
        self.name = name
        self.host = host
        self.dataDir = dataDir
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.ports = ports
        self.consoleSocket = consoleSocket
        self.isSelf = isSelf
    }

    public func url(_ port: String) -> String? { ports.first { $0.name == port }?.url }

    public static func == (a: MasterRow, b: MasterRow) -> Bool {
        a.name == b.name && a.host == b.host && a.dataDir == b.dataDir && a.pid == b.pid && a.version == b.version
            && a.startedAt == b.startedAt && a.isSelf == b.isSelf && a.consoleSocket == b.consoleSocket
            && a.ports.map(\.name) == b.ports.map(\.name)
            && a.ports.map(\.url) == b.ports.map(\.url)
    }
}
