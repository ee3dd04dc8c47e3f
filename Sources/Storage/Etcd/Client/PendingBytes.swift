/// Bytes received but not yet split into lines; used by the stream's one reader thread.
final class PendingBytes: @unchecked Sendable {
    private var bytes: [UInt8] = []
    /// Bytes before `start` are consumed; no newline lies in [start, scanned).
    private var start = 0
    private var scanned = 0

    var count: Int { bytes.count - start }

    func append(_ piece: [UInt8]) {
        // Drop what was consumed once it is most of the buffer (a line may always be left half-read).
        if start > 0 && start * 2 >= bytes.count {
            bytes.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        bytes += piece
    }

    /// The next whole line without its newline; nil until one has arrived. A long line arriving in many
    /// pieces is scanned once, not once per piece.
    func takeLine() -> [UInt8]? {
        guard let newline = bytes[max(start, scanned)...].firstIndex(of: 10) else {
            scanned = bytes.count
            return nil
        }
        let line = Array(bytes[start..<newline])
        start = newline + 1
        scanned = start
        return line
    }
}
