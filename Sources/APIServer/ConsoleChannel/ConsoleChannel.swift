import Glibc
import HTTP
import KubeAPI
import Threads

/// The master's console channel: what consoles attach to, on the Unix socket in the data directory
/// (`ConsoleSocketHandler`) and on the secure port under /debug/console/ (`ConsoleChannelFilter`, behind
/// TLS, authentication and the policy). GET …/stream attaches (a hello, a snapshot, then deltas);
/// GET …/hello says which master this is; POSTs are the operations. See `ConsoleWire`.
public final class ConsoleChannel: Sendable {
    /// Consoles attached at once (both ways in together); more are answered 503.
    public static let maxConsoles = 64
    /// Bytes a console may leave unread before it is cut off (`--console-max-unread`).
    public static let defaultMaxUnread = 1 << 20
    /// GET: the hello alone (which master, how it sees the asker), as a JSON object.
    public static let helloPath = ConsoleWire.basePath + "/hello"

    let server: APIServer
    let publisher: ConsolePublisher
    /// Where audit lines and cut-offs are told (stderr for `serve`; nowhere while a terminal is a console).
    let log: @Sendable (String) -> Void
    /// What `stop` does: by default SIGTERM to this process, so the master stops as it always does.
    let stopMaster: @Sendable () -> Void
    private let identity: (pid: Int, host: String, startedAt: Int64)

    init(
        server: APIServer, maxUnread: Int, log: @escaping @Sendable (String) -> Void,
        stopMaster: @escaping @Sendable () -> Void
    ) {
        self.server = server
        self.log = log
        self.stopMaster = stopMaster
        publisher = ConsolePublisher(
            sampler: ConsoleSampler(server: server), maxBacklog: maxUnread, maxConsoles: Self.maxConsoles, log: log)
        identity = (
            Int(getpid()), HostName.current,
            wallClockNanoseconds() - (monotonicNanoseconds() - server.startedAt)
        )
    }

    func start() throws(ThreadStartError) { try publisher.start() }

    /// Ends every console's stream with `reason` and stops publishing.
    func stop(reason: String) { publisher.stop(reason: reason) }

    public var attachedConsoles: Int { publisher.consoleCount }

    /// How the channel answers one request, whichever way it came in.
    struct Reply: Sendable {
        let send: @Sendable (HTTPResponse) -> Void
        let stream: @Sendable (HTTPResponseHead) -> HTTPStream?
    }

    /// Answers one request under /debug/console/.
    func serve(_ request: HTTPRequest, peer: ConsolePeer, reply: Reply) {
        let path = request.path
        switch (request.method, path) {
        case ("GET", ConsoleWire.streamPath[...]):
            attach(peer: peer, reply: reply)
        case ("GET", Self.helloPath[...]):
            reply.send(
                HTTPResponse(
                    status: .ok, contentType: "application/json", body: JSONValue.object(hello(for: peer).wire).bytes))
        case ("POST", _) where ConsoleOperation.isOperationPath(path):
            let operation: ConsoleOperation?
            do { operation = try ConsoleOperation.parse(path: path, body: request.body) } catch {
                reply.send(StatusError.badRequest("console operation \(path): \(error)").response)
                return
            }
            guard let operation else { return reply.send(StatusError.notFound(path: path).response) }
            let result = perform(operation, peer: peer)
            reply.send(HTTPResponse(status: .ok, contentType: "application/json", body: result.bytes))
            if operation == .stop && result.outcome == .done { stopMaster() }
        case (_, ConsoleWire.streamPath[...]), (_, Self.helloPath[...]):
            reply.send(StatusError.methodNotAllowed(request.method, path: path).response)
        case (_, _) where ConsoleOperation.isOperationPath(path):
            reply.send(StatusError.methodNotAllowed(request.method, path: path).response)
        default:
            reply.send(StatusError.notFound(path: path).response)
        }
    }

    func hello(for peer: ConsolePeer) -> ConsoleHello {
        ConsoleHello(
            pid: identity.pid, host: identity.host, dataDir: server.config.dataDir, version: VersionInfo.gitVersion,
            startedAt: identity.startedAt, channel: peer.channel, peer: peer.name, mayWrite: mayWrite(peer))
    }

    /// Local peers may; remote ones when the policy would let them POST an operation now.
    private func mayWrite(_ peer: ConsolePeer) -> Bool {
        guard case .remote(let user, _) = peer.way else { return true }
        guard let policy = server.security?.policy else { return false }
        let attributes = RequestAttributes.from(
            method: "POST", path: ConsoleOperation.reloadPolicy.path[...], query: nil, user: user)
        return policy.authorizer.authorize(attributes) == .allow
    }

    private func attach(peer: ConsolePeer, reply: Reply) {
        guard publisher.consoleCount < Self.maxConsoles else {
            let busy = StatusError(
                code: 503, reason: "ServiceUnavailable", message: "\(Self.maxConsoles) consoles are attached already")
            return reply.send(busy.response)
        }
        let head = HTTPResponseHead(
            status: .ok,
            headers: HTTPHeaders([
                ("Content-Type", ConsoleWire.streamContentType),
                ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
            ]))
        guard let stream = reply.stream(head) else { return }
        if !publisher.subscribe(stream: stream, peer: peer, hello: hello(for: peer)) {
            stream.write(
                ConsoleFrame.bye(reason: "the master is stopping, or \(Self.maxConsoles) consoles are attached already")
                    .encoded())
            stream.finish()
        }
    }
}
