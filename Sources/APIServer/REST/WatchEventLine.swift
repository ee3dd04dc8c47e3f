import Storage
import Synchronization

/// One event's line, `{"type":"MODIFIED","object":<the object's cached bytes>}` and a newline, made once
/// and shared: the fan-out wakes every watcher of a resource with the same event one after another, so
/// the last line made is the one the next watcher needs, and 10,000 watchers cost one line, not 10,000
/// (nor a body producer each).
enum WatchEventLine {
    private struct Made {
        let object: StoredObject
        let type: WatchEventType
        let line: [UInt8]
    }

    /// Holds the object it was made for, so an identity comparison never mistakes a new object for it.
    private static let last = Mutex<Made?>(nil)

    static func line(_ event: WatchEvent) -> [UInt8] {
        if let made = last.withLock({ $0 }), made.object === event.object, made.type == event.type { return made.line }
        let line = Array(#"{"type":"\#(event.type.rawValue)","object":"#.utf8) + event.object.value + Array("}\n".utf8)
        last.withLock { $0 = Made(object: event.object, type: event.type, line: line) }
        return line
    }
}
