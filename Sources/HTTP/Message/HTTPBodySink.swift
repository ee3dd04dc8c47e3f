/// Where an `HTTPBodyProducer` writes: the connection's outbound buffer. Each `write` is one piece of the
/// body; on a chunked stream (watch) each piece is one chunk, so an event written in parts still travels
/// as the single chunk it always was.
public struct HTTPBodySink {
    let buffer: ByteBuffer
    let chunked: Bool
    /// Set when the pieces go to a caller instead of a connection (`pieces(of:)`).
    var onPiece: (([UInt8]) -> Void)? = nil

    init(buffer: ByteBuffer, chunked: Bool) {
        self.buffer = buffer
        self.chunked = chunked
    }

    /// Runs `producer` to its end without a connection, handing `piece` each piece it writes (a
    /// responder without a socket: in-process tests, a recorder).
    public static func pieces(of producer: any HTTPBodyProducer, _ piece: @escaping ([UInt8]) -> Void) {
        var sink = HTTPBodySink(buffer: ByteBuffer(capacity: 64), chunked: false)
        sink.onPiece = piece
        while !producer.produce(into: sink, budget: ConnectionLimits.bodyWatermark) {}
    }

    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if let onPiece { return onPiece(bytes) }
        beginChunk(bytes.count)
        buffer.append(bytes)
        endChunk()
    }

    /// One piece made of three parts (a watch event: its head, the object's cached bytes, its tail),
    /// without joining them into a new array first.
    public func write(_ head: [UInt8], _ middle: [UInt8], _ tail: [UInt8]) {
        let count = head.count + middle.count + tail.count
        guard count > 0 else { return }
        if let onPiece { return onPiece(head + middle + tail) }
        beginChunk(count)
        buffer.append(head)
        buffer.append(middle)
        buffer.append(tail)
        endChunk()
    }

    private func beginChunk(_ count: Int) {
        guard chunked else { return }
        buffer.append(hex: count)
        buffer.append(byte: 13); buffer.append(byte: 10)
    }

    private func endChunk() {
        guard chunked else { return }
        buffer.append(byte: 13); buffer.append(byte: 10)
    }
}
