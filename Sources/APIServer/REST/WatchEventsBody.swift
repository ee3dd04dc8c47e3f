import HTTP
import Storage

/// Watch events as the stream's lines, `{"type":"ADDED","object":<the object's cached bytes>}` and a
/// newline, one chunk per event, written as the client reads (`HTTPBodyProducer`): a watch's initial
/// state of every object costs the stream references to the cache's objects, not a copy of them.
final class WatchEventsBody: HTTPBodyProducer, @unchecked Sendable {
    private static let heads: [WatchEventType: [UInt8]] = Dictionary(
        uniqueKeysWithValues: [WatchEventType.added, .modified, .deleted].map {
            ($0, Array(#"{"type":"\#($0.rawValue)","object":"#.utf8))
        })
    private static let tail: [UInt8] = Array("}\n".utf8)

    private let events: [WatchEvent]
    private var next = 0

    init(_ events: [WatchEvent]) { self.events = events }

    /// Bytes the lines take (for the stream's backlog).
    var count: Int { events.reduce(0) { $0 + Self.heads[$1.type]!.count + $1.object.value.count + Self.tail.count } }

    func produce(into sink: HTTPBodySink, budget: Int) -> Bool {
        var written = 0
        while next < events.count && written < budget {
            let event = events[next]
            let head = Self.heads[event.type]!
            sink.write(head, event.object.value, Self.tail)
            written += head.count + event.object.value.count + Self.tail.count
            next += 1
        }
        return next == events.count
    }
}
