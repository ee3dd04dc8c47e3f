/// Splits a head (CRLF-separated, no trailing CRLF) into lines. A CR not followed by LF ends the lines
/// early with `foundBareCR` set.
struct LineSplitter {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var done = false
    private(set) var foundBareCR = false

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func next() -> UnsafeRawBufferPointer? {
        if done { return nil }
        guard let end = HTTPRequestParser.find(UInt8(ascii: "\r"), in: bytes, from: position) else {
            done = true
            return UnsafeRawBufferPointer(rebasing: bytes[position...])
        }
        guard end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "\n") else {
            done = true
            foundBareCR = true
            return nil
        }
        let line = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
        position = end + 2
        return line
    }

    /// Whether a bare CR follows in the lines not yet split (asked before another fault is reported, so
    /// that a bare CR is the verdict wherever it sits).
    mutating func restHasBareCR() -> Bool {
        while next() != nil {}
        return foundBareCR
    }
}
