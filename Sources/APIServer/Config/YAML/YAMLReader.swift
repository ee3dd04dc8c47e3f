/// The YAML of configuration files (the audit policy), and JSON (a subset of YAML), read with the line of
/// every node so a refusal can name it (KubeAPI's apply reader builds values without positions): block
/// mappings and sequences (the compact `key:\n- item` form too), flow `[...]` and `{...}` across lines,
/// plain, single- and double-quoted scalars, comments, one optional `---`. Anchors, aliases, tags, block
/// scalars (`|`, `>`), complex keys and several documents are refused with their line rather than
/// misread. Every error names the 1-based line.
public struct YAMLReader {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Nesting beyond this is refused (recursion stays bounded on any input).
    public static let maxDepth = 64

    let bytes: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static func read(_ text: String) throws(Failure) -> YAMLNode {
        var reader = YAMLReader(Array(text.utf8))
        return try reader.document()
    }

    // MARK: - Document and block structure

    mutating func document() throws(Failure) -> YAMLNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {  // a byte-order mark
            i = 3
            lineStart = 3
        }
        guard var indent = try nextContentLine() else { return YAMLNode(.scalar("", quoted: false), line: line) }
        if isMarker("---") {
            i += 3
            try endOfLine()
            guard let next = try nextContentLine() else { return YAMLNode(.scalar("", quoted: false), line: line) }
            indent = next
        }
        let node = try block(indent: indent, depth: 0)
        if try nextContentLine() != nil {
            if isMarker("...") {
                i += 3
                try endOfLine()
                if try nextContentLine() == nil { return node }
            }
            throw failure(
                isMarker("---") ? "more than one document; one is expected" : "unexpected content after the document")
        }
        return node
    }

    /// The node whose first character is at column `indent` of the current line (i is there).
    mutating func block(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
        guard depth < Self.maxDepth else { throw failure("nested too deeply") }
        i = lineStart + indent
        let c = bytes[i]
        if c == UInt8(ascii: "-") && isBlank(at: i + 1) { return try sequence(indent: indent, depth: depth) }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            let node = try flow(depth: depth)
            try endOfLine()
            return node
        }
        if try keyAhead() { return try mapping(indent: indent, depth: depth) }
        let node = try scalar(inFlow: false)
        try endOfLine()
        return node
    }

    mutating func sequence(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
        let startLine = line
        var items: [YAMLNode] = []
        while true {
            i += 1  // the "-"
            skipSpaces()
            if atLineEnd() {
                try endOfLine()
                if let next = try nextContentLine(), next > indent {
                    items.append(try block(indent: next, depth: depth + 1))
                } else {
                    items.append(YAMLNode(.scalar("", quoted: false), line: line))
                }
            } else {
                items.append(try block(indent: i - lineStart, depth: depth + 1))
            }
            guard let next = try nextContentLine() else { break }
            if next < indent { break }
            guard next == indent else { throw failure("bad indentation of a list item") }
            i = lineStart + next
            guard !isMarker("---"), bytes[i] == UInt8(ascii: "-"), isBlank(at: i + 1) else { break }
        }
        return YAMLNode(.sequence(items), line: startLine)
    }

    mutating func mapping(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
        let startLine = line
        var entries: [YAMLEntry] = []
        while true {
            let keyLine = line
            let key = try mappingKey()
            if entries.contains(where: { $0.key == key }) { throw failure("duplicate key \"\(key)\"") }
            skipSpaces()
            let value: YAMLNode
            if atLineEnd() {
                try endOfLine()
                if let next = try nextContentLine(), next > indent {
                    value = try block(indent: next, depth: depth + 1)
                } else if let next = try nextContentLine(), next == indent,
                    bytes[lineStart + next] == UInt8(ascii: "-"),
                    isBlank(at: lineStart + next + 1)
                {
                    // "key:\n- item": the list at the key's own column.
                    i = lineStart + next
                    value = try sequence(indent: indent, depth: depth + 1)
                } else {
                    value = YAMLNode(.scalar("", quoted: false), line: keyLine)
                }
            } else if bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{") {
                value = try flow(depth: depth + 1)
                try endOfLine()
            } else {
                if bytes[i] == UInt8(ascii: "-") && isBlank(at: i + 1) {
                    throw failure("a list cannot start on its key's line")
                }
                value = try scalar(inFlow: false)
                if case .scalar(let text, quoted: false) = value.kind, text.contains(": ") {
                    throw Failure(
                        line: value.line,
                        message:
                            "a mapping cannot start on its key's line (\"\(text)\"); put it on the next line, indented")
                }
                try endOfLine()
            }
            entries.append(YAMLEntry(key: key, line: keyLine, value: value))
            guard let next = try nextContentLine() else { break }
            if next < indent { break }
            guard next == indent else { throw failure("bad indentation of a mapping key") }
            i = lineStart + next
            if isMarker("---") || isMarker("...") { break }  // the end of the document
            if bytes[i] == UInt8(ascii: "-") && isBlank(at: i + 1) { break }  // the parent's next list item
        }
        return YAMLNode(.mapping(entries), line: startLine)
    }

    /// A block mapping key and its ":" (i at the key's first character).
    mutating func mappingKey() throws(Failure) -> String {
        let key: String
        if bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
            guard case .scalar(let text, _) = try quoted().kind else { throw failure("expected a key") }
            key = text
        } else {
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\n"),
                !(bytes[i] == UInt8(ascii: ":") && isBlank(at: i + 1))
            { i += 1 }
            key = trimmed(start, i)
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":"), isBlank(at: i + 1) else {
            throw failure("expected ':' after a key")
        }
        i += 1
        return key
    }

    /// Whether the current line, from i, is `key: ...` or `key:`.
    func keyAhead() throws(Failure) -> Bool {
        var j = i
        if j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
            let quote = bytes[j]
            j += 1
            while j < bytes.count, bytes[j] != quote, bytes[j] != UInt8(ascii: "\n") {
                j += bytes[j] == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") ? 2 : 1
            }
            j += 1
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            return j < bytes.count && bytes[j] == UInt8(ascii: ":") && isBlank(at: j + 1)
        }
        while j < bytes.count, bytes[j] != UInt8(ascii: "\n") {
            if bytes[j] == UInt8(ascii: "#") && j > i && bytes[j - 1] == UInt8(ascii: " ") { return false }
            if bytes[j] == UInt8(ascii: ":") && isBlank(at: j + 1) { return true }
            j += 1
        }
        return false
    }
}
