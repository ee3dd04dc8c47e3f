/// The console channel's wire format, version 1: JSON lines on a chunked HTTP/1.1 stream, and
/// operations as POSTs with typed results. The same on the local socket and the secure port.
/// share/doc/console-protocol.md describes it for other clients; the types in this folder are the
/// contract, and both ends (the master's `ConsolePublisher`, the console's `RemoteServerControl`) use
/// them. Additive changes (a new field, a new frame type) keep the version: readers ignore what they
/// do not know. Anything else is a new version under a new path.
public enum ConsoleWire {
    public static let formatVersion = 1
    /// Everything of the channel lives under this (a non-resource path: ABAC's nonResourcePath decides).
    public static let pathPrefix = "/debug/console/"
    public static let basePath = "/debug/console/v\(formatVersion)"
    /// GET: the stream of frames.
    public static let streamPath = basePath + "/stream"
    public static let streamContentType = "application/x-ndjson"
    /// The socket in the data directory (`<data-dir>/console.sock`).
    public static let socketName = "console.sock"

    /// Request rows (and auth-failure rows) a delta carries at most (2,500 a second at ten deltas a
    /// second); the rest are counted as skipped. A console shows a screenful: under load it is a sample,
    /// and encoding more would be the publisher's main cost.
    public static let maxRequestsPerFrame = 250
    /// Request rows a snapshot carries (the newest): what a console that just attached can scroll back to.
    public static let snapshotRequests = 2_000
    /// Per-client rate-limit buckets carried (most rejected first); the rest are counted.
    public static let maxClientBuckets = 200
}
