/// Flow collections, `[...]` and `{...}` over any number of lines: JSON's syntax.
extension YAMLReader {
    mutating func flow(depth: Int) throws(Failure) -> YAMLNode {
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

    mutating func flowValue(depth: Int, isKey: Bool = false) throws(Failure) -> YAMLNode {
        if !isKey && (bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{")) {
            return try flow(depth: depth + 1)
        }
        return try scalar(inFlow: true)
    }

    mutating func skipFlowSpace() throws(Failure) {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"): newLine()
            case UInt8(ascii: "#"): while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default: return
            }
        }
    }
}
