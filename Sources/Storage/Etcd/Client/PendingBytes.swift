/// Bytes received but not yet split into lines; used by the stream's one reader thread.
final class PendingBytes: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private var start = 0

    var count: Int { bytes.count - start }

    func append(_ piece: [UInt8]) {
        if start > 0 && start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes += piece
    }

    func takeLine() -> [UInt8]? {
        guard let newline = bytes[start...].firstIndex(of: 10) else { return nil }
        let line = Array(bytes[start..<newline])
        start = newline + 1
        return line
    }
}
