import Dispatch

/// The way back to the client for one request. Usable from any thread; calls after the first answer, or
/// after the client is gone, are ignored. The engine's is `ConnectionResponder` (it hops to the
/// connection's loop); tests record the answer instead, so a handler runs without a socket.
public protocol HTTPResponder: Sendable {
    func send(_ response: HTTPResponse)

    /// Starts a chunked response (HTTP/1.0 clients get the body until close instead).
    func stream(_ head: HTTPResponseHead) -> HTTPStream
}

/// Where a streamed body's bytes go: the connection, or a test's recorder. Called only while the stream
/// is open; the sink calls `HTTPStream.markClosed()` when the body ends or the client goes.
public protocol HTTPStreamSink: Sendable {
    func write(_ bytes: [UInt8], for stream: HTTPStream)
    /// Writes one piece framed in advance (see `HTTPChunk`). By default: its payload, as `write`.
    func write(_ chunk: HTTPChunk, for stream: HTTPStream)
    /// Runs `task` where the stream's writes go (the connection's loop, see `LoopTask`). By default: at once.
    func schedule(_ task: any LoopTask)
    /// `schedule` as a value to keep (see `StreamScheduler`). By default: through this sink.
    var scheduler: StreamScheduler { get }
    /// Makes sure `stream.runIfDue` is called at `deadline` (monotonic nanoseconds). A connection's sweep
    /// calls it anyway; by default a dispatch timer does.
    func armTimer(for stream: HTTPStream, at deadline: Int64)
    /// Writes what `producer` produces, in order with the other writes; the connection pulls it as the
    /// client reads (see `HTTPStream.write(_:backlog:)`). By default: each piece as one `write`, at once.
    func write(_ producer: any HTTPBodyProducer, backlog: Int, for stream: HTTPStream)
    /// Ends the body; the connection goes back to serving requests.
    func finish(_ stream: HTTPStream)
    /// Ends the body and closes the connection once the client has read it (a slow reader cut off).
    func finishClosing(_ stream: HTTPStream)
}

extension HTTPStreamSink {
    /// A sink without a connection to close just ends the body.
    public func finishClosing(_ stream: HTTPStream) { finish(stream) }
}

extension HTTPStreamSink {
    public func write(_ chunk: HTTPChunk, for stream: HTTPStream) { write(Array(chunk.payload), for: stream) }

    public func schedule(_ task: any LoopTask) { task.runOnLoop() }

    public var scheduler: StreamScheduler { StreamScheduler(sink: self) }

    public func armTimer(for stream: HTTPStream, at deadline: Int64) {
        let delay = max(0, deadline - monotonicNanoseconds())
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: delay))) {
            stream.runIfDue(now: monotonicNanoseconds())
        }
    }

    public func write(_ producer: any HTTPBodyProducer, backlog: Int, for stream: HTTPStream) {
        HTTPBodySink.pieces(of: producer) { write($0, for: stream) }
    }
}
