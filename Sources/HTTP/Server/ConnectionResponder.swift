/// The responder the engine hands each request: answers and stream writes hop to the connection's loop
/// (`EventLoop.runOnLoop`, inline when already there). Two words, so it fits an existential's inline
/// buffer: handing it over as `any HTTPResponder` allocates nothing.
struct ConnectionResponder: HTTPResponder, HTTPStreamSink {
    let connection: Connection
    /// The request it answers; an answer for an earlier request of the connection is dropped.
    let generation: UInt64

    func send(_ response: HTTPResponse) {
        connection.loop.runOnLoop((connection, response, generation)) { connection, response, generation in
            connection.respond(response, generation: generation)
        }
    }

    func stream(_ head: HTTPResponseHead) -> HTTPStream {
        let stream = HTTPStream(sink: self)
        connection.loop.runOnLoop((connection, head, stream, generation)) { connection, head, stream, generation in
            connection.startStream(head, stream: stream, generation: generation)
        }
        return stream
    }

    func write(_ bytes: [UInt8], for stream: HTTPStream) {
        connection.loop.runOnLoop((connection, bytes, stream)) { connection, bytes, stream in
            connection.streamWrite(bytes, stream: stream)
        }
    }

    /// Called once per event for every watcher, mostly on the loop already: there the write is a plain
    /// call (no tuple of captures built and torn down, three retains and releases each).
    func write(_ chunk: HTTPChunk, for stream: HTTPStream) {
        let loop = connection.loop
        if loop.inLoop {
            connection.streamWrite(chunk, stream: stream)
        } else {
            loop.execute { [connection] in connection.streamWrite(chunk, stream: stream) }
        }
    }

    func schedule(_ task: any LoopTask) {
        connection.loop.schedule(task)
    }

    var scheduler: StreamScheduler { StreamScheduler(loop: connection.loop) }

    /// Nothing to arm: the loop's timeout sweep calls `runIfDue` on the connection's stream.
    func armTimer(for stream: HTTPStream, at deadline: Int64) {}

    func write(_ producer: any HTTPBodyProducer, backlog: Int, for stream: HTTPStream) {
        connection.loop.runOnLoop((connection, producer, backlog, stream)) { connection, producer, backlog, stream in
            connection.streamProduce(producer, backlog: backlog, stream: stream)
        }
    }

    func finish(_ stream: HTTPStream) {
        connection.loop.runOnLoop((connection, stream)) { connection, stream in connection.streamFinish(stream) }
    }

    func finishClosing(_ stream: HTTPStream) {
        connection.loop.runOnLoop((connection, stream)) { connection, stream in
            connection.streamFinish(stream, closing: true)
        }
    }
}
