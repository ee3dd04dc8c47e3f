/// Lines, indentation, comments and document markers.
extension YAMLReader {
    /// Skips blank and comment-only lines from the start of a line; returns the next content line's
    /// indent (i at that line's start), or nil at the end.
    mutating func nextContentLine() throws(Failure) -> Int? {
        while i < bytes.count {
            i = lineStart
            var j = i
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: "\t") {
                var k = j
                while k < bytes.count, bytes[k] == UInt8(ascii: "\t") || bytes[k] == UInt8(ascii: " ") { k += 1 }
                if k < bytes.count, bytes[k] != UInt8(ascii: "\n"), bytes[k] != UInt8(ascii: "#"),
                    bytes[k] != UInt8(ascii: "\r")
                {
                    throw failure("a tab in the indentation (YAML indents with spaces)")
                }
                j = k
            }
            if j >= bytes.count { i = j; return nil }
            if bytes[j] == UInt8(ascii: "\n") || bytes[j] == UInt8(ascii: "#") || bytes[j] == UInt8(ascii: "\r") {
                i = j
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                if i < bytes.count { newLine() }
                continue
            }
            return j - lineStart
        }
        return nil
    }

    /// After a value: only spaces and a comment may follow on its line; moves to the next line's start.
    mutating func endOfLine() throws(Failure) {
        skipSpaces()
        if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
            while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\r") { i += 1 }
        guard i >= bytes.count || bytes[i] == UInt8(ascii: "\n") else { throw failure("unexpected text after a value") }
        if i < bytes.count { newLine() } else { lineStart = i }
    }

    mutating func newLine() {
        i += 1
        line += 1
        lineStart = i
    }

    mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
    }

    func atLineEnd() -> Bool {
        i >= bytes.count || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "#")
            || bytes[i] == UInt8(ascii: "\r")
    }

    /// A space, line end or the end of input at `index`.
    func isBlank(at index: Int) -> Bool {
        index >= bytes.count || bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n")
            || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\r")
    }

    /// `---` or `...` alone at the start of the current line.
    func isMarker(_ marker: String) -> Bool {
        i == lineStart && i + 3 <= bytes.count && bytes[i..<i + 3].elementsEqual(marker.utf8) && isBlank(at: i + 3)
    }

    func trimmed(_ start: Int, _ end: Int) -> String {
        var e = end
        while e > start,
            bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\t")
                || bytes[e - 1] == UInt8(ascii: "\r")
        { e -= 1 }
        return String(decoding: bytes[start..<e], as: UTF8.self)
    }

    func failure(_ message: String) -> Failure { Failure(line: line, message: message) }
}
