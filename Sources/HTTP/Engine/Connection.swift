import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// One client connection. Confined to its loop: every method runs on `loop`'s thread (the `Sendable`
/// conformance only lets responders carry a reference across threads; they hop back with `runOnLoop`).
/// Each entry point from outside this file asserts it (debug builds trap off the loop).
///
/// Life cycle: reading → (request dispatched) responding | streaming → reading … and finally
/// closing (flush the last response) → lingering (FIN sent, discard input briefly so the client reads our
/// answer rather than a reset) → closed.
final class Connection: @unchecked Sendable {
    enum State { case reading, responding, streaming, closing, lingering, closed }

    /// Room offered to the kernel per read once a read has filled all it was offered (a large body).
    static let readChunk = 16 * 1024
    /// Room offered otherwise: a request head fits, and an idle connection (10,000 watches) holds a buffer
    /// of `initialInboundCapacity`, not `readChunk`.
    static let minimumReadRoom = 1024
    static let initialInboundCapacity = 2048
    /// How long a closing connection keeps discarding input after our FIN.
    static let lingerTimeout: Int64 = 2_000_000_000
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    let fd: Int32
    unowned let loop: EventLoop
    let listener: Listener
    /// The peer's address, as the listener counts connections per client.
    let client: ClientAddress
    let info: ConnectionInfo
    private let transport: ConnectionTransport
    private let inbound = ByteBuffer(capacity: Connection.initialInboundCapacity)
    /// The last read filled all the room it was offered: offer `readChunk` from now on.
    private var bulkReading = false
    private let outbound = ByteBuffer(capacity: 4096)
    private var parser: HTTPRequestParser
    private(set) var state = State.reading

    /// Incremented per request; a responder for an earlier request can no longer answer.
    private var generation: UInt64 = 0
    private var requestKeepAlive = true
    private var requestIsHead = false
    private var requestVersion = HTTPVersion.http1_1
    private var streamIsChunked = true
    private var stream: HTTPStream?
    private var closeAfterResponse = false
    private var readPaused = false
    private var processing = false
    /// The peer hung up (RDHUP/HUP): its EOF comes with no further edge, so reading goes on until it.
    private var peerHungUp = false
    private var headStartedAt: Int64 = 0
    private var lastActivity: Int64
    private var writeStalledSince: Int64 = 0
    private var lingerDeadline: Int64 = 0
    /// The epoll events this newcomer waits in the loop's line to have handled (`NewcomerRation`); 0: not
    /// in the line.
    var newcomerEvents: UInt32 = 0
    /// Body pieces still to produce, in order (a response's body, or a stream's writes queued behind one),
    /// pulled by `flush` while the unsent backlog is below `ConnectionLimits.bodyWatermark`.
    private var producers: [(producer: any HTTPBodyProducer, backlog: Int)] = []
    /// Bytes waiting in `producers` that count towards a stream's backlog (`maxStreamBacklog`).
    private var queuedStreamBytes = 0
    /// What follows once `producers` is empty.
    private var afterBody: AfterBody?

    private enum AfterBody {
        case response(close: Bool)
        case streamFinish(HTTPStream)
    }

    init(fd: Int32, loop: EventLoop, listener: Listener, client: ClientAddress, peerHost: String, peerPort: Int) {
        self.fd = fd
        self.loop = loop
        self.listener = listener
        self.client = client
        self.transport = listener.transportFactory.makeTransport(fd: fd)
        self.info = ConnectionInfo(
            id: listener.nextConnectionID(), listenerName: listener.name, peerHost: peerHost, peerPort: peerPort,
            loopIndex: loop.index, isSecure: listener.transportFactory.isSecure,
            peerCredentials: transport.peerCredentials)
        self.parser = HTTPRequestParser(limits: listener.parserLimits)
        self.lastActivity = loop.now
    }

    /// The loop watches the socket now; the first read (or handshake step) waits for the connection's turn
    /// in the loop's line of newcomers (`NewcomerRation`).
    func start() {
        assertOnLoop("start")
        // A TLS handshake must finish within the header timeout, like a request head: its clock runs from now.
        if !transport.isEstablished { headStartedAt = loop.now }
    }

    /// No whole request head read yet (a TLS handshake or the first head under way): the loop rations the
    /// work it does for such connections (`NewcomerRation`), a slowloris's being all of this kind.
    var isNewcomer: Bool { generation == 0 }

    func handle(events: UInt32) {
        assertOnLoop("handle(events:)")
        if events & EPOLLERR.rawValue != 0 { close(); return }
        if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 { peerHungUp = true }
        // A handshake in progress wants reads and writes alike: both drive it forward.
        if !transport.isEstablished { readable(); return }
        if events & EPOLLOUT.rawValue != 0 { flush() }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 { readable() }
    }

    // MARK: - Reading

    private func readable() {
        readPaused = false  // reading now; set again below if it must stop
        while state != .closed {
            if state == .lingering { discardInput(); return }
            // While a request is being answered, hold at most a head's worth of pipelined input; and stop
            // reading while the client is not reading our answers.
            if (state != .reading && inbound.readableCount >= listener.parserLimits.maxHeaderBytes)
                || outbound.readableCount > ConnectionLimits.outboundHighWatermark || state == .closing
            {
                readPaused = true
                return
            }
            let room = inbound.writable(atLeast: bulkReading ? Self.readChunk : Self.minimumReadRoom)
            switch transport.read(into: room) {
            case .bytes(let n):
                bulkReading = n == room.count
                inbound.didWrite(n)
                lastActivity = loop.now
                if state == .reading { process() }
                // The socket is empty: the next bytes bring a new edge. Not reading again until then saves
                // a read(2) that would only say EAGAIN (and, over TLS, a trip through SSL_read) per request.
                if transport.inputDrained && !peerHungUp { return }
            case .wouldBlock:
                if !transport.isEstablished { flush() }  // a handshake may have queued output
                return
            case .eof:
                peerFinished()
                return
            case .failed:
                close()
                return
            }
        }
    }

    /// The client sent FIN. Anything complete has been dispatched already; answer it, then close. A stream
    /// (a watch, the console channel) has no end to answer up to: it ends now, as kube-apiserver ends a watch
    /// whose connection closed, rather than holding its descriptor until the next event or its timeout.
    private func peerFinished() {
        closeAfterResponse = true
        guard state == .reading || state == .streaming else { return }
        if flushPending { flush() }  // an answer waiting for the batch's end goes out before the close
        close()
    }

    private func resumeReadingIfPaused() {
        guard readPaused, state != .closed else { return }
        readPaused = false
        readable()
    }

    /// Parses and dispatches what the input holds, in order, until a request is in flight.
    private func process() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while state == .reading, outbound.readableCount <= ConnectionLimits.outboundHighWatermark {
            let (event, consumed) = parser.next(inbound.readable)
            inbound.consume(consumed)
            switch event {
            case .needMore:
                if parser.isMidRequest, headStartedAt == 0 { headStartedAt = loop.now }
                flushSoon()
                return
            case .continueExpected:
                outbound.append(Self.continueBytes)
            case .request(let request):
                dispatch(request)
            case .failure(let error):
                reject(error)
            }
        }
        flush()
    }

    private func dispatch(_ request: HTTPRequest) {
        generation &+= 1
        state = .responding
        requestKeepAlive = request.keepAlive
        requestIsHead = request.isHead
        requestVersion = request.version
        headStartedAt = 0
        if info.peerIdentity == nil, let identity = transport.peerIdentity { info.peerIdentity = identity }
        listener.handler.handle(
            request, RequestContext(connection: info, receivedAt: loop.now),
            ConnectionResponder(connection: self, generation: generation))
    }

    private func reject(_ error: HTTPParseError) {
        guard state == .reading else { return }
        requestIsHead = false
        let response = listener.handler.rejected(error, info)
        writeHead(response.status, response.headers, contentLength: response.body.count, close: true)
        if response.status.allowsBody { outbound.append(response.body) }
        state = .closing
        flush()
    }

    // MARK: - Answering

    func respond(_ response: HTTPResponse, generation: UInt64) {
        assertOnLoop("respond")
        guard generation == self.generation, state == .responding else { return }
        let close = mustClose
        writeHead(response.status, response.headers, contentLength: response.bodyCount, close: close)
        if !requestIsHead && response.status.allowsBody {
            if let streamed = response.streamedBody {
                producers.append((streamed.producer, 0))
                afterBody = .response(close: close)
                flush()  // produces and sends; the exchange is done when the producer is
                return
            }
            outbound.append(response.body)
        }
        exchangeDone(close: close)
    }

    private var mustClose: Bool { !requestKeepAlive || closeAfterResponse || loop.draining }

    private func exchangeDone(close: Bool) {
        state = close ? .closing : .reading
        if processing { return }  // the dispatching loop in process() carries on
        if state == .reading { process() } else { flush() }
        resumeReadingIfPaused()
    }

    func startStream(_ head: HTTPResponseHead, stream: HTTPStream, generation: UInt64) {
        assertOnLoop("startStream")
        guard generation == self.generation, state == .responding else { stream.markClosed(); return }
        streamIsChunked = requestVersion == .http1_1
        if requestIsHead {
            writeHead(head.status, head.headers, contentLength: nil, close: mustClose)
            stream.markClosed()
            exchangeDone(close: mustClose)
            return
        }
        // HTTP/1.0 has no chunked coding: the body runs until we close.
        if !streamIsChunked { closeAfterResponse = true }
        writeHead(
            head.status, head.headers, contentLength: nil, close: !streamIsChunked || mustClose,
            chunked: streamIsChunked)
        state = .streaming
        self.stream = stream
        // A watch may stream for an hour: the handler's memo of the request before is not kept that long,
        // nor a read buffer while nothing is read (it grows again at the next read).
        info.handlerState = nil
        if inbound.isEmpty { inbound.releaseStorage() }
        flush()
    }

    func streamWrite(_ bytes: [UInt8], stream: HTTPStream) {
        assertOnLoop("streamWrite")
        guard state == .streaming, self.stream === stream else { return }
        if !producers.isEmpty {
            // Behind a producer still at work: queued in order, and counted as backlog.
            enqueue(QueuedBytes(bytes), backlog: bytes.count)
            return
        }
        if streamIsChunked {
            outbound.append(hex: bytes.count)
            outbound.append(byte: 13); outbound.append(byte: 10)
            outbound.append(bytes)
            outbound.append(byte: 13); outbound.append(byte: 10)
        } else {
            outbound.append(bytes)
        }
        flush()
        dropIfTooSlow()
    }

    /// A piece framed in advance and shared by many streams (`HTTPChunk`: a watch event): sent straight
    /// from its bytes with one write when nothing waits before it, so 10,000 watchers cost no copy each;
    /// only what the socket does not take is kept (and counts as backlog).
    func streamWrite(_ chunk: HTTPChunk, stream: HTTPStream) {
        assertOnLoop("streamWrite")
        guard state == .streaming, self.stream === stream else { return }
        if !producers.isEmpty {
            enqueue(QueuedBytes(Array(chunk.payload)), backlog: chunk.payload.count)
            return
        }
        if streamIsChunked { sendStreamed(chunk.framed[...]) } else { sendStreamed(chunk.payload) }
    }

    private func sendStreamed(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        if outbound.isEmpty {
            switch rest.withUnsafeBytes({ transport.write($0) }) {
            case .bytes(let n):
                rest = rest.dropFirst(n)
                if !rest.isEmpty { writeStalledSince = loop.now }
            case .wouldBlock:
                if writeStalledSince == 0 { writeStalledSince = loop.now }
            case .eof, .failed:
                close()
                return
            }
            if rest.isEmpty { return }
        }
        rest.withUnsafeBytes { outbound.append($0) }  // EPOLLOUT (edge) flushes it
        stream?.noteBacklog(outbound.readableCount)
        dropIfTooSlow()
    }

    /// Writes what `producer` produces, in order with the stream's other writes, as the client reads.
    /// `backlog`: its bytes that count towards `maxStreamBacklog` while they wait.
    func streamProduce(_ producer: any HTTPBodyProducer, backlog: Int, stream: HTTPStream) {
        assertOnLoop("streamProduce")
        guard state == .streaming, self.stream === stream else { return }
        enqueue(producer, backlog: backlog)
        if state != .closed { flush() }
    }

    private func enqueue(_ producer: any HTTPBodyProducer, backlog: Int) {
        producers.append((producer, backlog))
        queuedStreamBytes += backlog
        dropIfTooSlow()
    }

    private func dropIfTooSlow() {
        if state != .closed && outbound.readableCount + queuedStreamBytes > listener.connectionLimits.maxStreamBacklog {
            close()  // too slow a reader: drop it, the client re-lists
        }
    }

    func streamFinish(_ stream: HTTPStream, closing: Bool = false) {
        assertOnLoop("streamFinish")
        guard state == .streaming, self.stream === stream else { return }
        if closing { closeAfterResponse = true }
        if !producers.isEmpty {
            afterBody = .streamFinish(stream)  // once what is queued has been produced
            return
        }
        if streamIsChunked { outbound.append("0\r\n\r\n") }
        self.stream = nil
        stream.markClosed()
        exchangeDone(close: mustClose)
    }

    /// Status line, Date, the handler's headers, framing, Connection. The engine owns framing headers.
    private func writeHead(
        _ status: HTTPStatus, _ headers: HTTPHeaders, contentLength: Int?, close: Bool, chunked: Bool = false
    ) {
        outbound.append("HTTP/1.1 ")
        outbound.append(decimal: status.code)
        outbound.append(byte: 0x20)
        outbound.append(status.reason)
        outbound.append(byte: 13); outbound.append(byte: 10)
        outbound.append(loop.dates.value)
        for (name, value) in headers.fields where !Self.isFramingHeader(name) {
            outbound.append(name)
            outbound.append(": ")
            outbound.append(value)
            outbound.append(byte: 13); outbound.append(byte: 10)
        }
        if chunked {
            outbound.append("Transfer-Encoding: chunked\r\n")
        } else if let contentLength, status.code >= 200, status.code != 204 {
            outbound.append("Content-Length: ")
            outbound.append(decimal: contentLength)
            outbound.append(byte: 13); outbound.append(byte: 10)
        }
        if close {
            outbound.append("Connection: close\r\n")
        } else if requestVersion == .http1_0 {
            outbound.append("Connection: keep-alive\r\n")
        }
        outbound.append(byte: 13); outbound.append(byte: 10)
    }

    /// Compared in place: response names are mixed-case ("Content-Type"), and lower-casing a copy of each
    /// one cost an allocation per header per response.
    private static func isFramingHeader(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase("content-length") || name.equalsIgnoringASCIICase("transfer-encoding")
            || name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("date")
    }

    // MARK: - Writing and closing

    /// In the loop's list of answers written after its batch of events (`EventLoop.deferFlush`).
    private var flushPending = false

    /// Writes now, or after the loop's current batch of events when it is going through one. Only an
    /// answer of ordinary size waits: one past `bodyWatermark` is sent at once, as the reading it holds up is.
    private func flushSoon() {
        // A client that has sent its FIN gets its answer now: over TLS without close_notify the next read
        // fails, and OpenSSL writes nothing after that.
        guard loop.dispatchingEvents, !peerHungUp, !outbound.isEmpty,
            outbound.readableCount <= ConnectionLimits.bodyWatermark
        else {
            flush()
            return
        }
        if !flushPending {
            flushPending = true
            loop.deferFlush(self)
        }
    }

    /// The loop's batch of events is done (or enough answers are waiting): write. Reading paused meanwhile
    /// by the answers' size (pipelined requests) resumes: no EPOLLOUT edge will come to resume it.
    func flushDeferred() {
        assertOnLoop("flushDeferred")
        flushPending = false
        flush()
        resumeReadingIfPaused()
    }

    private func flush() {
        var bodyEnded = false
        sending: while state != .closed, state != .lingering {
            if !producers.isEmpty && outbound.readableCount < ConnectionLimits.bodyWatermark { bodyEnded = produce() }
            if outbound.isEmpty { break }
            switch transport.write(outbound.readable) {
            case .bytes(let n):
                outbound.consume(n)
                writeStalledSince = outbound.isEmpty ? 0 : loop.now
            case .wouldBlock:
                if writeStalledSince == 0 { writeStalledSince = loop.now }
                break sending  // EPOLLOUT (edge) calls flush again
            case .eof, .failed:
                close()
                return
            }
        }
        if bodyEnded, let after = afterBody {
            afterBody = nil
            switch after {
            case .response(let close): exchangeDone(close: close)
            case .streamFinish(let stream): streamFinish(stream)
            }
            return
        }
        if outbound.isEmpty && state == .closing { startLinger() }
        if state == .streaming, let stream {
            stream.noteBacklog(outbound.readableCount)
            // A watch idles for minutes between events, sent straight from shared bytes: it holds no buffer.
            if outbound.isEmpty { outbound.releaseStorage() }
        }
    }

    /// Fills the outbound buffer up to the watermark from the queued producers; true when the last one
    /// has finished.
    private func produce() -> Bool {
        let sink = HTTPBodySink(buffer: outbound, chunked: state == .streaming && streamIsChunked)
        var finished = 0
        while finished < producers.count, outbound.readableCount < ConnectionLimits.bodyWatermark {
            let (producer, backlog) = producers[finished]
            let before = outbound.readableCount
            if producer.produce(into: sink, budget: ConnectionLimits.bodyWatermark - before) {
                queuedStreamBytes -= backlog
                finished += 1
            } else if outbound.readableCount == before {
                break  // a producer that wrote nothing and is not done: ask again on the next flush
            }
        }
        producers.removeFirst(finished)
        return producers.isEmpty
    }

    private func startLinger() {
        transport.shutdownWrite()
        state = .lingering
        lingerDeadline = loop.now + Self.lingerTimeout
        discardInput()
    }

    private func discardInput() {
        while state == .lingering {
            inbound.clear()
            switch transport.read(into: inbound.writable(atLeast: Self.readChunk)) {
            case .bytes: continue
            case .wouldBlock: return
            case .eof, .failed: close(); return
            }
        }
    }

    func close() {
        assertOnLoop("close")
        guard state != .closed else { return }
        state = .closed
        producers = []  // releases what they refer to (a LIST's objects)
        queuedStreamBytes = 0
        afterBody = nil
        transport.close()
        Glibc.close(fd)
        listener.closed(client: client)
        loop.connectionClosed(fd: fd)
        if let stream {
            self.stream = nil
            stream.markClosed()
        }
    }

    /// Debug builds trap when `method` is called off the connection's loop. Here rather than
    /// `loop.assertInLoop` so that release builds do not even load the unowned `loop` reference.
    @inline(__always)
    private func assertOnLoop(_ method: StaticString, file: StaticString = #file, line: UInt = #line) {
        assert(
            loop.inLoop, "Connection.\(method) called off its event loop (loop \(loop.index))", file: file, line: line)
    }

    // MARK: - Time and shutdown

    /// True when a timeout ran out and the connection was answered (408) or closed.
    @discardableResult
    func checkTimeouts(now: Int64) -> Bool {
        assertOnLoop("checkTimeouts")
        // The stream's own deadlines (a watch's end, its bookmarks) ride on the sweep: no timer each.
        if state == .streaming, let stream { stream.runIfDue(now: now) }
        let limits = listener.connectionLimits
        switch state {
        case .reading:
            if headStartedAt != 0 && parser.isReadingHead {
                guard now - headStartedAt > limits.headerReadTimeout.nanoseconds else { return false }
                if transport.isEstablished { reject(.headerTimeout) } else { close() }
                return true
            }
            guard now - lastActivity > limits.idleTimeout.nanoseconds else { return false }
        case .lingering:
            guard now > lingerDeadline else { return false }
        case .responding, .streaming, .closing:
            guard writeStalledSince != 0 && now - writeStalledSince > limits.writeTimeout.nanoseconds else {
                return false
            }
        case .closed:
            return false
        }
        close()
        return true
    }

    /// Graceful shutdown: idle connections close now; a request in flight is answered, then the connection
    /// closes; a stream (watch) is ended cleanly.
    func drain() {
        assertOnLoop("drain")
        closeAfterResponse = true
        switch state {
        case .reading where !parser.isMidRequest: close()
        case .streaming: if let stream { streamFinish(stream) }
        default: break
        }
    }
}
