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

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static func read(_ text: String) throws(Failure) -> YAMLNode {
        var reader = YAMLReader(Array(text.utf8))
        return try reader.document()
    }

    // MARK: - Document and block structure

    private mutating func document() throws(Failure) -> YAMLNode {
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
    private mutating func block(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
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

    private mutating func sequence(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
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

    private mutating func mapping(indent: Int, depth: Int) throws(Failure) -> YAMLNode {
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
    private mutating func mappingKey() throws(Failure) -> String {
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
    private func keyAhead() throws(Failure) -> Bool {
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

    // MARK: - Flow collections (JSON)

    private mutating func flow(depth: Int) throws(Failure) -> YAMLNode {
        guard depth < Self.maxDepth else { throw failure("nested too deeply") }
        let startLine = line
        let close = bytes[i] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
        i += 1
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        while true {
            try skipFlowSpace()
            guard i < bytes.count else { throw failure("unterminated \(close == UInt8(ascii: "]") ? "[" : "{")") }
            if bytes[i] == close { i += 1; break }
            if close == UInt8(ascii: "]") {
                items.append(try flowValue(depth: depth))
            } else {
                let keyLine = line
                let keyNode = try flowValue(depth: depth, isKey: true)
                guard case .scalar(let key, _) = keyNode.kind else { throw failure("a mapping key must be a scalar") }
                if entries.contains(where: { $0.key == key }) {
                    throw Failure(line: keyLine, message: "duplicate key \"\(key)\"")
                }
                try skipFlowSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
                i += 1
                try skipFlowSpace()
                let value =
                    i < bytes.count && (bytes[i] == UInt8(ascii: ",") || bytes[i] == close)
                    ? YAMLNode(.scalar("", quoted: false), line: line) : try flowValue(depth: depth)
                entries.append(YAMLEntry(key: key, line: keyLine, value: value))
            }
            try skipFlowSpace()
            guard i < bytes.count else { continue }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] != close {
                throw failure("expected ',' or '\(Character(UnicodeScalar(close)))'")
            }
        }
        return close == UInt8(ascii: "]")
            ? YAMLNode(.sequence(items), line: startLine) : YAMLNode(.mapping(entries), line: startLine)
    }

    private mutating func flowValue(depth: Int, isKey: Bool = false) throws(Failure) -> YAMLNode {
        if !isKey && (bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{")) {
            return try flow(depth: depth + 1)
        }
        return try scalar(inFlow: true)
    }

    private mutating func skipFlowSpace() throws(Failure) {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"): newLine()
            case UInt8(ascii: "#"): while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default: return
            }
        }
    }

    // MARK: - Scalars

    private mutating func scalar(inFlow: Bool) throws(Failure) -> YAMLNode {
        let c = bytes[i]
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return try quoted() }
        switch c {
        case UInt8(ascii: "&"), UInt8(ascii: "*"): throw failure("anchors and aliases are not supported")
        case UInt8(ascii: "!"): throw failure("tags are not supported")
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw failure("block scalars (| and >) are not supported; quote the text")
        case UInt8(ascii: "?"): throw failure("complex keys (?) are not supported")
        case UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            throw failure("a plain value cannot start with '\(Character(UnicodeScalar(c)))'; quote it")
        default: break
        }
        let start = i, startLine = line
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            let b = bytes[i]
            if b == UInt8(ascii: "#") && i > start
                && (bytes[i - 1] == UInt8(ascii: " ") || bytes[i - 1] == UInt8(ascii: "\t"))
            {
                break
            }
            if inFlow
                && (b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == UInt8(ascii: "[")
                    || b == UInt8(ascii: "{"))
            {
                break
            }
            if inFlow && b == UInt8(ascii: ":")
                && (isBlank(at: i + 1) || i + 1 < bytes.count && "[]{},".utf8.contains(bytes[i + 1]))
            {
                break
            }
            i += 1
        }
        return YAMLNode(.scalar(trimmed(start, i), quoted: false), line: startLine)
    }

    /// A single- or double-quoted scalar on one line.
    private mutating func quoted() throws(Failure) -> YAMLNode {
        let quote = bytes[i], startLine = line
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count, bytes[i] != UInt8(ascii: "\n") else {
                throw Failure(line: startLine, message: "unterminated quoted string")
            }
            let b = bytes[i]
            if b == quote {
                if quote == UInt8(ascii: "'") && i + 1 < bytes.count && bytes[i + 1] == quote {
                    out.append(quote)
                    i += 2
                    continue
                }
                i += 1
                break
            }
            if b == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                try escape(into: &out)
                continue
            }
            out.append(b)
            i += 1
        }
        return YAMLNode(.scalar(String(decoding: out, as: UTF8.self), quoted: true), line: startLine)
    }

    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        guard i + 1 < bytes.count else { throw failure("unterminated escape") }
        let e = bytes[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: " "): out.append(e)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"), 0x09: out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "0"): out.append(0x00)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            guard i + digits <= bytes.count,
                let value = UInt32(String(decoding: bytes[i..<i + digits], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(value)
            else { throw failure("bad \\\(Character(UnicodeScalar(e))) escape") }
            i += digits
            out.append(contentsOf: String(Character(scalar)).utf8)
        default: throw failure("unknown escape \\\(Character(UnicodeScalar(e)))")
        }
    }

    // MARK: - Lines

    /// Skips blank and comment-only lines from the start of a line; returns the next content line's
    /// indent (i at that line's start), or nil at the end.
    private mutating func nextContentLine() throws(Failure) -> Int? {
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
    private mutating func endOfLine() throws(Failure) {
        skipSpaces()
        if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
            while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\r") { i += 1 }
        guard i >= bytes.count || bytes[i] == UInt8(ascii: "\n") else { throw failure("unexpected text after a value") }
        if i < bytes.count { newLine() } else { lineStart = i }
    }

    private mutating func newLine() {
        i += 1
        line += 1
        lineStart = i
    }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
    }

    private func atLineEnd() -> Bool {
        i >= bytes.count || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "#")
            || bytes[i] == UInt8(ascii: "\r")
    }

    /// A space, line end or the end of input at `index`.
    private func isBlank(at index: Int) -> Bool {
        index >= bytes.count || bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n")
            || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\r")
    }

    /// `---` or `...` alone at the start of the current line.
    private func isMarker(_ marker: String) -> Bool {
        i == lineStart && i + 3 <= bytes.count && bytes[i..<i + 3].elementsEqual(marker.utf8) && isBlank(at: i + 3)
    }

    private func trimmed(_ start: Int, _ end: Int) -> String {
        var e = end
        while e > start,
            bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\t")
                || bytes[e - 1] == UInt8(ascii: "\r")
        { e -= 1 }
        return String(decoding: bytes[start..<e], as: UTF8.self)
    }

    private func failure(_ message: String) -> Failure { Failure(line: line, message: message) }
}
