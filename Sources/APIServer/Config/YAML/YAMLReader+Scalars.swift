/// Plain, single- and double-quoted scalars; the YAML features this reader refuses are refused here.
extension YAMLReader {
    mutating func scalar(inFlow: Bool) throws(Failure) -> YAMLNode {
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
    mutating func quoted() throws(Failure) -> YAMLNode {
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

    mutating func escape(into out: inout [UInt8]) throws(Failure) {
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
}
