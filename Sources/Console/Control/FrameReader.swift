import APIServer
import HTTP

/// Cuts a stream's body into frames: JSON lines, whatever the chunk boundaries. A line longer than
/// `maxLineBytes` is an error rather than memory.
struct FrameReader {
    /// Far above any frame a master sends (a snapshot of a few thousand rows is a few MiB).
    static let maxLineBytes = 64 << 20

    private var buffer: [UInt8] = []

    /// The complete frames in `bytes` (and what was left over before them).
    mutating func feed(_ bytes: [UInt8]) throws(ConsoleWireError) -> [ConsoleFrame] {
        buffer += bytes
        var frames: [ConsoleFrame] = []
        var start = 0
        while let newline = buffer[start...].firstIndex(of: 10) {
            let line = Array(buffer[start..<newline])
            start = newline + 1
            if !line.isEmpty { frames.append(try ConsoleFrame.decode(line)) }
        }
        buffer.removeFirst(start)
        if buffer.count > Self.maxLineBytes { throw ConsoleWireError("a frame longer than \(Self.maxLineBytes) bytes") }
        return frames
    }
}
