import APIServer
import Dispatch
import HTTP
import KubeAPI
import Synchronization
import Threads

/// `ServerControl` over a master's console channel, on its local socket or its secure port. A thread of
/// its own follows the stream (hello, snapshot, deltas) into a `ConsoleReplica`; each frame moves
/// `changeCount`, so the UI redraws. When the master goes away the last state stays on screen with
/// `disconnected` saying why, and the thread tries again (backing off to `maxRetry`) until it is back.
/// Operations are POSTs; a refusal comes back as the master's own message.
public final class RemoteServerControl: ServerControl {
    public static let connectTimeout: Duration = .seconds(5)
    public static let operationTimeout: Duration = .seconds(15)
    /// The master sends a frame a second at least: this long without one, the connection is taken for dead.
    public static let silenceLimit: Duration = .seconds(5)
    public static let firstRetry: Duration = .milliseconds(250)
    public static let maxRetry: Duration = .seconds(4)

    public let target: AttachTarget
    private let pool: HTTPClientPool
    private let link = Mutex(Link())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let follower = Mutex<JoinableThread?>(nil)
    /// The stream being read, so `close` can end a read that is waiting.
    private let current = Mutex<HTTPClientStream?>(nil)
    /// The Authorization header: the target's, until this console rotates its own user's token.
    private let authorization: Mutex<String?>

    struct Link: Sendable {
        var replica = ConsoleReplica()
        var changes = 0
        var problem: String?
        var closed = false
    }

    public init(target: AttachTarget) {
        self.target = target
        authorization = Mutex(target.authorization)
        pool = HTTPClientPool(origin: target.origin, tls: target.tls, maxIdle: 2, connectTimeout: Self.connectTimeout)
    }

    /// Connects and waits for the master's hello and snapshot (up to `timeout`), then follows the stream on
    /// a thread of its own. Fails, saying why, when the master cannot be reached or refuses.
    public func attach(timeout: Duration = .seconds(10)) throws(ControlError) -> ConsoleHello {
        let stream = try open()
        var reader = FrameReader()
        let deadline = HTTPClientPool.deadline(after: timeout)
        do {
            while !link.withLock({ $0.replica.hasSnapshot }) {
                let left = Duration.nanoseconds(deadline - monotonicNanoseconds())
                guard left > .zero else { throw ControlError("no snapshot from the master within \(timeout)") }
                guard let piece = try stream.next(deadline: left) else {
                    throw ControlError("the master closed the stream")
                }
                try apply(reader.feed(piece))
            }
        } catch let error as ControlError {
            throw error
        } catch {
            throw ControlError(Self.describe(error))
        }
        let carriedOver = reader
        do {
            let thread = try JoinableThread { [self] in follow(first: stream, reader: carriedOver) }
            follower.withLock { $0 = thread }
        } catch {
            throw ControlError("cannot start the console's reader: \(error)")
        }
        return link.withLock { $0.replica.hello }!
    }

    /// Detaches: the stream closes, the thread ends. The master is not told anything else.
    public func close() {
        link.withLock { $0.closed = true }
        current.withLock { $0?.abort() }
        wakeUp.signal()
        follower.withLock { $0.take() }?.join()
        pool.closeIdle()
    }

    public var hello: ConsoleHello? { link.withLock { $0.replica.hello } }

    // MARK: - ServerControl

    public var changeCount: Int { link.withLock { $0.changes } }

    public func snapshot() -> ConsoleData {
        link.withLock { link in
            var data = link.replica.data
            data.attachment = Self.attachment(link.replica.hello, target: target)
            data.disconnected = link.problem
            return data
        }
    }

    public var isEmbedded: Bool { false }

    public func rotateToken(user: String) throws(ControlError) -> String {
        let result = try performDone(.rotateToken(user: user))
        guard let token = result.tokens[user] else { throw ControlError("the master rotated no token for \(user)") }
        adoptOwnToken(result.tokens)
        return token
    }

    public func rotateAllTokens() throws(ControlError) -> [String: String] {
        let tokens = try performDone(.rotateAllTokens).tokens
        adoptOwnToken(tokens)
        return tokens
    }

    /// A remote console that rotated the token it attached with goes on with the new one (the old one is
    /// refused from now on, so the next operation or reconnection would be).
    private func adoptOwnToken(_ tokens: [String: String]) {
        guard target.authorization != nil, let hello, hello.channel == "remote", let token = tokens[hello.peer] else {
            return
        }
        authorization.withLock { $0 = "Bearer \(token)" }
    }

    public func reloadPolicy() -> PolicyStore.ReloadResult {
        do {
            let result = try perform(.reloadPolicy)
            return result.outcome == .done ? .loaded(rules: result.count ?? 0) : .refused(result.message)
        } catch {
            return .refused(error.description)
        }
    }

    public func reloadTokens() -> TokenReloadResult {
        do {
            let result = try perform(.reloadTokens)
            return result.outcome == .done ? .loaded(users: result.count ?? 0) : .refused(result.message)
        } catch {
            return .refused(error.description)
        }
    }

    public func stopMaster() throws(ControlError) { _ = try performDone(.stop) }

    // MARK: - Operations

    private func performDone(_ operation: ConsoleOperation) throws(ControlError) -> ConsoleOperationResult {
        let result = try perform(operation)
        guard result.outcome == .done else { throw ControlError(result.message) }
        return result
    }

    /// POSTs the operation; an HTTP refusal (401, 403, …) is the master's Status message.
    func perform(_ operation: ConsoleOperation) throws(ControlError) -> ConsoleOperationResult {
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Accept", "application/json")])
        if let authorization = authorization.withLock({ $0 }) { headers.add("Authorization", authorization) }
        let response: HTTPClientResponse
        do {
            response = try pool.perform(
                HTTPClientRequest(method: "POST", path: operation.path, headers: headers, body: operation.body),
                timeout: Self.operationTimeout, idempotent: false)
        } catch {
            throw ControlError("cannot reach the master: \(error.message)")
        }
        guard response.status == 200 else {
            throw ControlError(Self.refusal(status: response.status, body: response.body))
        }
        do { return try ConsoleOperationResult.decode(response.body) } catch {
            throw ControlError("the master's answer: \(error)")
        }
    }

    // MARK: - Following the stream

    /// Opens the stream; a refusal is the master's message.
    private func open() throws(ControlError) -> HTTPClientStream {
        var headers = HTTPHeaders([("Accept", ConsoleWire.streamContentType)])
        if let authorization = authorization.withLock({ $0 }) { headers.add("Authorization", authorization) }
        let stream: HTTPClientStream
        do {
            stream = try pool.openStream(
                HTTPClientRequest(path: ConsoleWire.streamPath, headers: headers), timeout: Self.connectTimeout)
        } catch {
            throw ControlError(Self.describe(error))
        }
        guard stream.status == 200 else {
            let body = (try? stream.rest(maxBytes: 64 * 1024, timeout: Self.connectTimeout)) ?? []
            throw ControlError(Self.refusal(status: stream.status, body: body))
        }
        link.withLock { $0.replica.reset() }
        current.withLock { $0 = stream }
        return stream
    }

    private func follow(first: HTTPClientStream, reader: FrameReader) {
        var stream: HTTPClientStream? = first
        var reader = reader
        var retry = Self.firstRetry
        while !link.withLock({ $0.closed }) {
            if let open = stream {
                let why = read(open, &reader, onSnapshot: { retry = Self.firstRetry })
                current.withLock { $0 = nil }
                stream = nil
                if link.withLock({ $0.closed }) { return }
                setProblem(why)
            }
            let milliseconds = retry.components.seconds * 1000 + retry.components.attoseconds / 1_000_000_000_000_000
            _ = wakeUp.wait(timeout: .now() + .milliseconds(Int(milliseconds)))
            retry = min(retry * 2, Self.maxRetry)
            if link.withLock({ $0.closed }) { return }
            do {
                stream = try open()
                reader = FrameReader()
            } catch {
                setProblem(error.description)
            }
        }
    }

    /// Reads frames until the stream ends; returns why it ended.
    private func read(_ stream: HTTPClientStream, _ reader: inout FrameReader, onSnapshot: () -> Void) -> String {
        do {
            while let piece = try stream.next(deadline: Self.silenceLimit) {
                let frames = try reader.feed(piece)
                if let bye = frames.lazy.compactMap({ if case .bye(let reason) = $0 { reason } else { nil } }).first {
                    try apply(frames)
                    return "the master said: \(bye)"
                }
                let hadSnapshot = link.withLock { $0.replica.hasSnapshot }
                try apply(frames)
                if !hadSnapshot && link.withLock({ $0.replica.hasSnapshot }) { onSnapshot() }
            }
            return "the master closed the stream"
        } catch let error as HTTPClientError {
            return error.timedOut ? "no word from the master for \(Self.silenceLimit)" : Self.describe(error)
        } catch {
            return "\(error)"
        }
    }

    private func apply(_ frames: [ConsoleFrame]) throws(ConsoleWireError) {
        try link.withLock { (link) throws(ConsoleWireError) in
            for frame in frames { try link.replica.apply(frame) }
            if !frames.isEmpty {
                link.changes += 1
                if link.replica.hasSnapshot { link.problem = nil }
            }
        }
    }

    private func setProblem(_ why: String) {
        link.withLock {
            $0.problem = why
            $0.changes += 1
        }
    }

    // MARK: - Words

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.message }
        return "\(error)"
    }

    /// The master's Status message for a refused request, else the status and the start of the body.
    static func refusal(status: Int, body: [UInt8]) -> String {
        if let status = try? JSONParser.parse(body), let message = status["message"]?.string { return message }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingWhitespace(newlines: true)
        return "HTTP \(status)\(text.isEmpty ? "" : ": \(text)")"
    }

    /// "attached to HOST (pid N) as USER" for the header.
    static func attachment(_ hello: ConsoleHello?, target: AttachTarget) -> String {
        guard let hello else { return "attaching to \(target.description)" }
        let who = hello.channel == "remote" ? " as \(hello.peer)" : ""
        return "attached to \(hello.host) (pid \(hello.pid))\(who)\(hello.mayWrite ? "" : ", read-only")"
    }
}
