/// Scalars: plain (resolved to null, booleans, numbers or strings), quoted, block (`|`, `>`), and the
/// node properties (anchors, tags) and aliases.
extension YAMLParser {
    static func isFlowIndicator(_ c: UInt8?) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: "{")
            || c == UInt8(ascii: "}")
    }

    /// `&anchor` and `!tag`, in either order, each followed by blanks.
    mutating func parseProperties() throws(YAMLError) -> (anchor: String?, tag: String?) {
        var anchor: String?, tag: String?
        while let c = peek(), c == UInt8(ascii: "&") || c == UInt8(ascii: "!") {
            let start = pos + 1
            pos += 1
            while let d = peek(), !Self.isSeparator(d), !Self.isFlowIndicator(d) { pos += 1 }
            let name = String(decoding: b[start..<pos], as: UTF8.self)
            if c == UInt8(ascii: "&") {
                guard !name.isEmpty else { throw error("did not find expected alphabetic or numeric character") }
                anchor = name
            } else {
                tag = "!" + name
            }
            skipBlanks()
        }
        return (anchor, tag)
    }

    mutating func parseAlias() throws(YAMLError) -> JSONValue {
        pos += 1
        let start = pos
        while let d = peek(), !Self.isSeparator(d), !Self.isFlowIndicator(d) { pos += 1 }
        let name = String(decoding: b[start..<pos], as: UTF8.self)
        guard let value = anchors[name] else {
            throw YAMLError(message: "yaml: unknown anchor '\(name)' referenced", line: line)
        }
        return value
    }

    /// A tag's meaning for the core schema: `!!str` keeps the text, `!!int`, `!!float`, `!!bool`, `!!null`
    /// require the value to resolve to that, `!!map`, `!!seq` and local tags change nothing.
    static func applying(tag: String, to value: JSONValue, line: Int) throws(YAMLError) -> JSONValue {
        func fail(_ what: String) -> YAMLError {
            YAMLError(message: "yaml: unmarshal errors:\n  line \(line): cannot decode \(what) as a \(tag)", line: line)
        }
        switch tag {
        case "!!str", "!": return value.textForStringTag.map { .string($0) } ?? value
        case "!!int":
            if case .number(let n) = value, Int64(n) != nil { return value }
            if case .string(let s) = value, let v = YAMLScalar.goParseInt(s) { return .number(v) }
            throw fail("!!str `\(value.textForStringTag ?? "")`")
        case "!!float":
            if case .number = value { return value }
            if case .string(let s) = value, let f = YAMLScalar.goParseFloat(s) { return .number(GoFloat.json(f)) }
            throw fail("!!str `\(value.textForStringTag ?? "")`")
        case "!!bool":
            if case .bool = value { return value }
            throw fail("!!str `\(value.textForStringTag ?? "")`")
        case "!!null": return .null
        case "!!binary": throw YAMLError(message: "yaml: !!binary is not supported", line: line)
        default: return value
        }
    }

    // MARK: - Plain

    /// The plain text of one line from here: up to `: `, ` #` or the line's end (in flow context also up to
    /// an indicator), blanks trimmed; stops at the terminator.
    mutating func readPlainLine(flow: Bool) -> String {
        let start = pos
        while let c = peek(), !Self.isBreak(c) {
            if c == UInt8(ascii: ":") && (Self.isSeparator(peek(1)) || (flow && Self.isFlowIndicator(peek(1)))) {
                break
            }
            if c == UInt8(ascii: "#") && pos > start && Self.isBlank(b[pos - 1]) { break }
            if flow && Self.isFlowIndicator(c) { break }
            pos += 1
        }
        var end = pos
        while end > start, Self.isBlank(b[end - 1]) { end -= 1 }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    /// A plain scalar in block context, continued on following lines indented deeper than `parentIndent`
    /// (line breaks fold to spaces, empty lines to newlines), then resolved.
    mutating func parsePlainBlock(parentIndent: Int, tag: String?) throws(YAMLError) -> JSONValue {
        var text = readPlainLine(flow: false)
        while Self.isBreak(peek()) {
            let saved = (pos, line, lineStart)
            var empty = 0
            consumeBreak()
            while true {
                while peek() == UInt8(ascii: " ") { pos += 1 }
                let tabbed = peek() == UInt8(ascii: "\t")
                skipBlanks()
                if tabbed, !atEnd, !Self.isBreak(peek()), peek() != UInt8(ascii: "#") {
                    throw error("found character that cannot start any token")
                }
                guard Self.isBreak(peek()) else { break }
                empty += 1
                consumeBreak()
            }
            if atEnd || atDocumentMarker || column <= parentIndent || peek() == UInt8(ascii: "#") {
                (pos, line, lineStart) = saved
                break
            }
            text += empty == 0 ? " " : String(repeating: "\n", count: empty)
            text += readPlainLine(flow: false)
            if peek() == UInt8(ascii: ":") { throw error("mapping values are not allowed in this context") }
        }
        if tag != nil { return .string(text) }
        return try YAMLScalar.json(YAMLScalar.resolve(text))
    }

    // MARK: - Quoted

    /// A single- or double-quoted scalar, possibly over several lines (breaks fold to a space, empty lines
    /// to newlines; a double-quoted line ending in `\` joins without one).
    mutating func parseQuoted() throws(YAMLError) -> String {
        let quote = b[pos]
        let startLine = line
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("found unexpected end of stream", line: startLine) }
            if c == quote {
                if quote == UInt8(ascii: "'") && peek(1) == quote { out.append(quote); pos += 2; continue }
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if quote == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") {
                if Self.isBreak(peek(1)) {
                    pos += 1
                    consumeBreak()
                    skipBlanks()
                    continue
                }
                try readEscape(into: &out)
                continue
            }
            if Self.isBreak(c) {
                while let last = out.last, Self.isBlank(last) { out.removeLast() }
                var empty = 0
                consumeBreak()
                skipBlanks()
                while Self.isBreak(peek()) { empty += 1; consumeBreak(); skipBlanks() }
                if atDocumentMarker { throw error("found unexpected document indicator") }
                out += empty == 0 ? [UInt8(ascii: " ")] : Array(repeating: UInt8(ascii: "\n"), count: empty)
                continue
            }
            out.append(c)
            pos += 1
        }
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(YAMLError) {
        pos += 1
        guard let e = peek() else { throw error("found unexpected end of stream") }
        pos += 1
        let simple: [UInt8: String] = [
            UInt8(ascii: "0"): "\u{0}", UInt8(ascii: "a"): "\u{7}", UInt8(ascii: "b"): "\u{8}", UInt8(ascii: "t"): "\t",
            UInt8(ascii: "\t"): "\t", UInt8(ascii: "n"): "\n", UInt8(ascii: "v"): "\u{B}", UInt8(ascii: "f"): "\u{C}",
            UInt8(ascii: "r"): "\r", UInt8(ascii: "e"): "\u{1B}", UInt8(ascii: " "): " ", UInt8(ascii: "\""): "\"",
            UInt8(ascii: "/"): "/", UInt8(ascii: "\\"): "\\", UInt8(ascii: "N"): "\u{85}", UInt8(ascii: "_"): "\u{A0}",
            UInt8(ascii: "L"): "\u{2028}", UInt8(ascii: "P"): "\u{2029}",
        ]
        if let s = simple[e] { out += Array(s.utf8); return }
        let width = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : e == UInt8(ascii: "U") ? 8 : 0
        guard width > 0 else { throw error("found unknown escape character while parsing a quoted scalar") }
        guard pos + width <= b.count, let v = UInt32(String(decoding: b[pos..<pos + width], as: UTF8.self), radix: 16)
        else {
            throw error("did not find expected hexdecimal number")
        }
        pos += width
        guard let scalar = Unicode.Scalar(v) else { throw error("found invalid Unicode character escape code") }
        out += Array(String(scalar).utf8)
    }
}

extension JSONValue {
    /// The text a scalar was written as, for `!!str`.
    var textForStringTag: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        default: nil
        }
    }
}
