/// A response body written in pieces as the client takes it, instead of one buffer built up front: the
/// connection asks for the next pieces only while its unsent backlog is below
/// `ConnectionLimits.bodyWatermark`, so a slow reader holds a bounded amount of memory however large the
/// body (a LIST of every object in the cache). Whatever the producer refers to (the cache's immutable
/// objects) stays alive until it has finished or the connection closed.
///
/// Called only on the connection's loop thread, one call at a time; conforming classes may keep their
/// position in plain stored properties (hence `@unchecked Sendable` on them is sound).
public protocol HTTPBodyProducer: AnyObject, Sendable {
    /// Writes the next pieces, about `budget` bytes (at least one piece unless it has nothing left), and
    /// returns true once it has written its last byte.
    func produce(into sink: HTTPBodySink, budget: Int) -> Bool
}

/// A response body produced on demand, with its length known in advance (it is sent with
/// Content-Length, exactly as the same bytes in one buffer would be).
public struct HTTPStreamedBody: Sendable {
    public let count: Int
    public let producer: any HTTPBodyProducer

    public init(count: Int, producer: any HTTPBodyProducer) {
        self.count = count
        self.producer = producer
    }

    /// The whole body in one array, for a responder without a socket (in-process tests). It runs the
    /// producer to its end, so a body can be collected once.
    public func collect() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        HTTPBodySink.pieces(of: producer) { bytes += $0 }
        return bytes
    }
}
