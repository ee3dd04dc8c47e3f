/// A stream's plain write that arrived while a producer was still at work, queued behind it in order.
final class QueuedBytes: HTTPBodyProducer, @unchecked Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func produce(into sink: HTTPBodySink, budget: Int) -> Bool {
        sink.write(bytes)
        return true
    }
}
