import HTTP
import KubeAPI
import Storage

/// A JSON list answered straight from the cache: `{"kind":...,"metadata":{...},"items":[` then each
/// object's stored bytes, comma-separated, then `]}`, written piece by piece as the client reads
/// (`HTTPBodyProducer`), never joined into one buffer. It holds references to the cache's immutable
/// objects of one revision, so the list stays a consistent snapshot however long the client takes.
final class JSONListBody: HTTPBodyProducer, @unchecked Sendable {
    private static let comma: [UInt8] = [UInt8(ascii: ",")]
    private static let tail: [UInt8] = Array("]}".utf8)

    private let head: [UInt8]
    private let items: [StoredObject]
    /// The next item to write; -1 before the head.
    private var next = -1

    /// Bytes of the whole body, for Content-Length.
    let count: Int

    init(listKind: String, apiVersion: String, resourceVersion: String, continueToken: String?, items: [StoredObject]) {
        var head = Array(
            #"{"kind":"\#(listKind)","apiVersion":"\#(apiVersion)","metadata":{"resourceVersion":"\#(resourceVersion)""#
                .utf8)
        if let continueToken {
            head += Array(#","continue":"#.utf8)
            JSONValue.writeString(continueToken, into: &head)
        }
        head += Array(#"},"items":["#.utf8)
        self.head = head
        self.items = items
        count = items.reduce(head.count + Self.tail.count + max(0, items.count - 1)) { $0 + $1.value.count }
    }

    func produce(into sink: HTTPBodySink, budget: Int) -> Bool {
        var written = 0
        if next < 0 {
            sink.write(head)
            written = head.count
            next = 0
        }
        while next < items.count && written < budget {
            if next > 0 { sink.write(Self.comma) }
            let value = items[next].value
            sink.write(value)
            written += value.count + 1
            next += 1
        }
        guard next == items.count else { return false }
        sink.write(Self.tail)
        return true
    }

    var response: HTTPResponse {
        HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]),
            streamedBody: HTTPStreamedBody(count: count, producer: self))
    }
}
