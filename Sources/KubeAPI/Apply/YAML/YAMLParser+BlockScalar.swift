/// Literal (`|`) and folded (`>`) block scalars, with chomping (`-` strip, `+` keep, clip by default) and
/// an optional indentation digit, as libyaml reads them.
extension YAMLParser {
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLError) -> String {
        let folded = b[pos] == UInt8(ascii: ">")
        pos += 1
        var chomp: UInt8?, explicit: Int?
        for _ in 0..<2 {
            guard let c = peek() else { break }
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && chomp == nil {
                chomp = c; pos += 1
            } else if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") && explicit == nil {
                explicit = Int(c - 48); pos += 1
            } else if c == UInt8(ascii: "0") {
                throw error("found an indentation indicator equal to 0")
            }
        }
        skipBlanks()
        skipComment()
        guard atEnd || Self.isBreak(peek()) else { throw error("did not find expected comment or line break") }
        let base = max(parentIndent, 0)
        var indent = explicit.map { base + $0 } ?? 0
        var lines: [(text: String, emptyBefore: Int)] = []
        var empty = 0
        var endedWithBreak = false
        while !atEnd {
            // Past the break ending the previous line.
            let lineBegin = (pos, line, lineStart)
            consumeBreak()
            endedWithBreak = true
            var spaces = 0
            while peek() == UInt8(ascii: " ") && (indent == 0 || spaces < indent) { pos += 1; spaces += 1 }
            if atEnd || Self.isBreak(peek()) {
                if atEnd { endedWithBreak = true }
                empty += 1
                continue
            }
            if indent == 0 {
                // The first line with content fixes the indentation (at least one deeper than the parent's).
                while peek() == UInt8(ascii: " ") { pos += 1; spaces += 1 }
                if Self.isBreak(peek()) || atEnd { empty += 1; continue }
                indent = max(spaces, parentIndent + 1, 1)
            }
            if spaces < indent || atDocumentMarker {
                (pos, line, lineStart) = lineBegin
                break
            }
            let start = pos
            while let c = peek(), !Self.isBreak(c) { pos += 1 }
            lines.append((String(decoding: b[start..<pos], as: UTF8.self), empty))
            empty = 0
            endedWithBreak = false
        }
        // A final line without a break still ends the content.
        let trailingBreak = !lines.isEmpty && (endedWithBreak || empty > 0)
        var out = ""
        for (i, l) in lines.enumerated() {
            if i == 0 {
                out += String(repeating: "\n", count: l.emptyBefore)
            } else {
                let previous = lines[i - 1].text
                let joinable =
                    folded && !(previous.first == " " || previous.first == "\t")
                    && !(l.text.first == " " || l.text.first == "\t")
                if joinable {
                    out += l.emptyBefore == 0 ? " " : String(repeating: "\n", count: l.emptyBefore)
                } else {
                    out += "\n" + String(repeating: "\n", count: l.emptyBefore)
                }
            }
            out += l.text
        }
        switch chomp {
        case UInt8(ascii: "-"): break
        case UInt8(ascii: "+"):
            if trailingBreak || !lines.isEmpty { out += "\n" + String(repeating: "\n", count: empty) }
        default: if trailingBreak { out += "\n" }
        }
        return out
    }
}
