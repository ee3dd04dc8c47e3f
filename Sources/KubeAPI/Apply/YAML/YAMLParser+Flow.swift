/// Flow collections (`[a, b]`, `{a: 1}`), which JSON is written in, over any number of lines.
extension YAMLParser {
    /// Skips blanks, line breaks and comments inside a flow collection.
    mutating func skipFlowSpace() {
        while let c = peek() {
            if Self.isBlank(c) {
                pos += 1
            } else if Self.isBreak(c) {
                consumeBreak()
            } else if c == UInt8(ascii: "#") {
                skipComment()
            } else {
                return
            }
        }
    }

    mutating func parseFlowNode() throws(YAMLError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("exceeded max depth of \(Self.maxDepth)") }
        skipFlowSpace()
        let (anchor, tag) = try parseProperties()
        skipFlowSpace()
        var value: JSONValue
        switch peek() {
        case nil: throw error("did not find expected node content")
        case UInt8(ascii: "["): value = try parseFlowSequence()
        case UInt8(ascii: "{"): value = try parseFlowMapping()
        case UInt8(ascii: "\""), UInt8(ascii: "'"): value = .string(try parseQuoted())
        case UInt8(ascii: "*"): value = try parseAlias()
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): value = .null
        default:
            let text = readPlainFlow()
            value = tag != nil ? .string(text) : try YAMLScalar.json(YAMLScalar.resolve(text))
        }
        if let tag { value = try Self.applying(tag: tag, to: value, line: line) }
        if let anchor { anchors[anchor] = value }
        return value
    }

    /// A plain scalar in flow context: it may go on over line breaks, which fold to spaces.
    private mutating func readPlainFlow() -> String {
        var text = readPlainLine(flow: true)
        while Self.isBreak(peek()) {
            var empty = 0
            consumeBreak()
            skipBlanks()
            while Self.isBreak(peek()) { empty += 1; consumeBreak(); skipBlanks() }
            let next = readPlainLine(flow: true)
            if next.isEmpty { break }
            text += (empty == 0 ? " " : String(repeating: "\n", count: empty)) + next
        }
        return text
    }

    private mutating func parseFlowSequence() throws(YAMLError) -> JSONValue {
        pos += 1
        var items: [JSONValue] = []
        while true {
            skipFlowSpace()
            if peek() == UInt8(ascii: "]") { pos += 1; break }
            let quoted = peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'")
            var item = try parseFlowNode()
            skipFlowSpace()
            if peek() == UInt8(ascii: ":") && (quoted || Self.isSeparator(peek(1)) || Self.isFlowIndicator(peek(1))) {
                // A single pair in a sequence: `[a: 1]` is `[{a: 1}]`.
                pos += 1
                skipFlowSpace()
                let value =
                    peek() == UInt8(ascii: ",") || peek() == UInt8(ascii: "]") ? JSONValue.null : try parseFlowNode()
                guard let key = Self.keyText(item) else { throw error("did not find expected ',' or ']'") }
                item = .object([(key, value)])
                skipFlowSpace()
            }
            items.append(item)
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"): pos += 1; return .array(items)
            default: throw error("did not find expected ',' or ']'")
            }
        }
        return .array(items)
    }

    private mutating func parseFlowMapping() throws(YAMLError) -> JSONValue {
        pos += 1
        var members: [(key: String, value: JSONValue)] = []
        var index: [String: Int] = [:]
        while true {
            skipFlowSpace()
            if peek() == UInt8(ascii: "}") { pos += 1; break }
            let keyLine = line
            let keyNode = try parseFlowNode()
            guard let key = Self.keyText(keyNode) else {
                throw error(
                    keyNode.isNull
                        ? "unsupported map key of type: <nil>, key: <nil>" : "did not find expected ',' or '}'")
            }
            skipFlowSpace()
            var value = JSONValue.null
            if peek() == UInt8(ascii: ":") {
                pos += 1
                skipFlowSpace()
                if peek() != UInt8(ascii: ","), peek() != UInt8(ascii: "}") { value = try parseFlowNode() }
                skipFlowSpace()
            }
            if let at = index[key] {
                duplicates.append("line \(keyLine): key \(GoQuote.quote(key)) already set in map")
                members[at].value = value
            } else {
                index[key] = members.count
                members.append((key, value))
            }
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"): pos += 1; return .object(members)
            default: throw error("did not find expected ',' or '}'")
            }
        }
        return .object(members)
    }
}
