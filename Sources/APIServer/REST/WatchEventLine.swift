import HTTP
import Storage
import Synchronization

/// One event's line, `{"type":"MODIFIED","object":<the object's cached bytes>}` and a newline, made once
/// and shared, framed as its chunk (`HTTPChunk`, which each connection sends as it is): the fan-out wakes
/// every watcher of a resource with the same event one after another, so the last chunk made is the one
/// the next watcher needs, and 10,000 watchers cost one line, not 10,000 (nor a body producer each).
enum WatchEventLine {
    private struct Made {
        let object: StoredObject
        let type: WatchEventType
        let chunk: HTTPChunk
    }

    /// Holds the object it was made for, so an identity comparison never mistakes a new object for it.
    private static let last = Mutex<Made?>(nil)

    static func chunk(_ event: WatchEvent) -> HTTPChunk {
        // Compared under the lock, so only the chunk is copied out (not the whole `Made`: two retains less
        // per watcher).
        if let chunk = last.withLock({ made -> HTTPChunk? in
            guard let made, made.object === event.object, made.type == event.type else { return nil }
            return made.chunk
        }) {
            return chunk
        }
        let chunk = HTTPChunk(
            Array(#"{"type":"\#(event.type.rawValue)","object":"#.utf8) + event.object.value + Array("}\n".utf8))
        last.withLock { $0 = Made(object: event.object, type: event.type, chunk: chunk) }
        return chunk
    }
}
