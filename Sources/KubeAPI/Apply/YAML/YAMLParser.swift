/// A YAML reader for the documents Kubernetes clients apply: block mappings and sequences by indentation,
/// flow collections (so JSON too), plain, quoted and block scalars, comments, anchors and aliases, merge
/// keys, the core tags, and the first document of a stream, as go-yaml v2 reads them for
/// sigs.k8s.io/yaml. It builds the JSON value directly. Complex keys (`? `) are refused.
struct YAMLParser {
    let b: [UInt8]
    var pos = 0
    /// The 1-based line of `pos`, and where that line starts.
    var line = 1
    var lineStart = 0
    var anchors: [String: JSONValue] = [:]
    /// `line N: key "k" already set in map`, for strict decoding.
    var duplicates: [String] = []
    /// How deep collections nest; beyond `maxDepth` the document is refused rather than the stack.
    var depth = 0
    static let maxDepth = 100

    init(_ bytes: [UInt8]) { b = bytes }

    var column: Int { pos - lineStart }
    var atEnd: Bool { pos >= b.count }
    func peek(_ k: Int = 0) -> UInt8? { pos + k < b.count ? b[pos + k] : nil }

    func error(_ problem: String, line: Int? = nil) -> YAMLError { .syntax(problem, line: line ?? self.line) }

    static func isBreak(_ c: UInt8?) -> Bool { c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") }
    static func isBlank(_ c: UInt8?) -> Bool { c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") }
    /// A space, a tab, a line break or the end: what must follow `-`, `:` and `?` as indicators.
    static func isSeparator(_ c: UInt8?) -> Bool { c == nil || isBlank(c) || isBreak(c) }

    /// Consumes one line break (LF, CR LF or CR).
    mutating func consumeBreak() {
        if peek() == UInt8(ascii: "\r") { pos += 1 }
        if peek() == UInt8(ascii: "\n") { pos += 1 }
        line += 1
        lineStart = pos
    }

    mutating func skipBlanks() { while Self.isBlank(peek()) { pos += 1 } }

    /// Skips a comment to the end of its line (not the break).
    mutating func skipComment() {
        if peek() == UInt8(ascii: "#") { while let c = peek(), !Self.isBreak(c) { pos += 1 } }
    }

    /// Moves past blanks, comments and empty lines to the next content; tabs may not indent block content.
    mutating func skipToContent() throws(YAMLError) {
        while true {
            skipBlanks()
            skipComment()
            guard Self.isBreak(peek()) else { return }
            consumeBreak()
            while peek() == UInt8(ascii: " ") { pos += 1 }
            if peek() == UInt8(ascii: "\t") {
                var k = pos
                while Self.isBlank(k < b.count ? b[k] : nil) { k += 1 }
                let next: UInt8? = k < b.count ? b[k] : nil
                if !(Self.isBreak(next) || next == nil || next == UInt8(ascii: "#")) {
                    throw error("found character that cannot start any token")
                }
            }
        }
    }

    /// `---` or `...` at the start of a line, followed by a separator: a document's bounds.
    var atDocumentMarker: Bool {
        guard column == 0, pos + 2 < b.count || pos + 3 == b.count else { return false }
        let three = b[pos..<pos + 3]
        return (three.elementsEqual("---".utf8) || three.elementsEqual("...".utf8)) && Self.isSeparator(peek(3))
    }

    // MARK: - Stream and document

    /// The first document's value: directives skipped, `---` and `...` honoured, later documents ignored
    /// (go-yaml's Unmarshal reads one). An empty stream is null.
    mutating func parseDocument() throws(YAMLError) -> JSONValue {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3; lineStart = 3 }
        try skipToContent()
        while column == 0, peek() == UInt8(ascii: "%") {
            while let c = peek(), !Self.isBreak(c) { pos += 1 }
            try skipToContent()
        }
        var value: JSONValue?
        if atDocumentMarker && b[pos] == UInt8(ascii: "-") {
            pos += 3
            value = try parseAfterIndicator(parentIndent: -1, allowsInlineMapping: false, sequenceAtParent: false)
        } else if !atEnd && !atDocumentMarker {
            value = try parseNode(parentIndent: -1, allowsInlineMapping: true)
        }
        try skipToContent()
        guard atEnd || atDocumentMarker else { throw error("did not find expected <document start>") }
        return value ?? .null
    }
}
