/// Block structure: nodes found by indentation, mappings and sequences.
extension YAMLParser {
    /// After `key:`, `- ` or `---`: the node on the rest of the line, or on the lines below when they are
    /// indented deeper than `parentIndent`; nil for none. A mapping's value may also be a sequence at the
    /// mapping's own indentation (`sequenceAtParent`), as Kubernetes manifests often write lists.
    mutating func parseAfterIndicator(parentIndent: Int, allowsInlineMapping: Bool, sequenceAtParent: Bool)
        throws(YAMLError) -> JSONValue?
    {
        skipBlanks()
        guard atEnd || Self.isBreak(peek()) || peek() == UInt8(ascii: "#") else {
            return try parseNode(parentIndent: parentIndent, allowsInlineMapping: allowsInlineMapping)
        }
        try skipToContent()
        if atEnd || atDocumentMarker { return nil }
        if column > parentIndent { return try parseNode(parentIndent: parentIndent, allowsInlineMapping: true) }
        if sequenceAtParent, column == parentIndent, peek() == UInt8(ascii: "-"), Self.isSeparator(peek(1)) {
            return try parseBlockSequence(column: column)
        }
        return nil
    }

    /// A node starting here: its anchor and tag, then its content. `allowsInlineMapping` is false where a
    /// mapping may not start on this line (`a: b: c`).
    mutating func parseNode(parentIndent: Int, allowsInlineMapping: Bool) throws(YAMLError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("exceeded max depth of \(Self.maxDepth)") }
        var (anchor, tag) = try parseProperties()
        var value: JSONValue
        if (anchor != nil || tag != nil) && (atEnd || Self.isBreak(peek()) || peek() == UInt8(ascii: "#")) {
            // Properties alone on their line: the content is below (or there is none).
            try skipToContent()
            if atEnd || atDocumentMarker || column <= parentIndent {
                value = .null
            } else {
                value = try parseNode(parentIndent: parentIndent, allowsInlineMapping: true)
            }
        } else {
            value = try parseContent(parentIndent: parentIndent, allowsInlineMapping: allowsInlineMapping, tag: &tag)
        }
        if let tag { value = try Self.applying(tag: tag, to: value, line: line) }
        if let anchor { anchors[anchor] = value }
        return value
    }

    private mutating func parseContent(parentIndent: Int, allowsInlineMapping: Bool, tag: inout String?)
        throws(YAMLError) -> JSONValue
    {
        guard let c = peek() else { return .null }
        switch c {
        case UInt8(ascii: "-") where Self.isSeparator(peek(1)):
            guard allowsInlineMapping else { throw error("block sequence entries are not allowed in this context") }
            return try parseBlockSequence(column: column)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let value = try parseFlowNode()
            try expectLineEnd()
            return value
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return .string(try parseBlockScalar(parentIndent: parentIndent))
        case UInt8(ascii: "*"):
            let value = try parseAlias()
            try expectLineEnd()
            return value
        case UInt8(ascii: "?") where Self.isSeparator(peek(1)):
            throw error("complex mapping keys are not supported")
        case UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "\t"):
            throw error("found character that cannot start any token")
        default:
            if isMappingKeyAhead() {
                guard allowsInlineMapping else { throw error("mapping values are not allowed in this context") }
                return try parseBlockMapping(column: column)
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let text = try parseQuoted()
                try expectLineEnd()
                if tag == nil { tag = "!!str" }
                return .string(text)
            }
            return try parsePlainBlock(parentIndent: parentIndent, tag: tag)
        }
    }

    /// After a complete node on a line only a comment may follow.
    mutating func expectLineEnd() throws(YAMLError) {
        skipBlanks()
        guard atEnd || Self.isBreak(peek()) || peek() == UInt8(ascii: "#") else {
            throw error(
                peek() == UInt8(ascii: ":")
                    ? "mapping values are not allowed in this context" : "did not find expected key")
        }
    }

    /// Whether this line holds a mapping key here: a single-line scalar followed by `:` and a separator.
    func isMappingKeyAhead() -> Bool {
        var k = pos
        func at(_ i: Int) -> UInt8? { i < b.count ? b[i] : nil }
        if let q = at(k), q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
            k += 1
            while let c = at(k), !Self.isBreak(c) {
                if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") { k += 2; continue }
                if c == q {
                    if q == UInt8(ascii: "'") && at(k + 1) == q { k += 2; continue }
                    break
                }
                k += 1
            }
            guard at(k) == q else { return false }
            k += 1
            while Self.isBlank(at(k)) { k += 1 }
            return at(k) == UInt8(ascii: ":") && Self.isSeparator(at(k + 1))
        }
        while let c = at(k), !Self.isBreak(c) {
            if c == UInt8(ascii: ":") && Self.isSeparator(at(k + 1)) { return true }
            if c == UInt8(ascii: "#") && k > pos && Self.isBlank(at(k - 1)) { return false }
            k += 1
        }
        return false
    }

    mutating func parseBlockMapping(column indent: Int) throws(YAMLError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        var index: [String: Int] = [:]
        while true {
            let keyLine = line
            let (key, isMerge) = try parseBlockKey()
            skipBlanks()
            guard peek() == UInt8(ascii: ":") else { throw error("could not find expected ':'") }
            pos += 1
            let value =
                try parseAfterIndicator(parentIndent: indent, allowsInlineMapping: false, sequenceAtParent: true)
                ?? .null
            if isMerge {
                try merge(value, into: &members, index: &index, line: keyLine)
            } else if let at = index[key] {
                duplicates.append("line \(keyLine): key \(GoQuote.quote(key)) already set in map")
                members[at].value = value
            } else {
                index[key] = members.count
                members.append((key, value))
            }
            try skipToContent()
            if atEnd || atDocumentMarker || column < indent { break }
            guard column == indent, !(peek() == UInt8(ascii: "-") && Self.isSeparator(peek(1))) else {
                throw error("did not find expected key")
            }
        }
        return .object(members)
    }

    /// A block mapping's key as JSON gets it (a string), and whether it is the merge key `<<`.
    private mutating func parseBlockKey() throws(YAMLError) -> (String, Bool) {
        let keyLine = line
        switch peek() {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return (try parseQuoted(), false)
        case UInt8(ascii: "*"):
            let value = try parseAlias()
            guard let key = Self.keyText(value) else {
                throw error("unsupported map key of type: \(value.typeName)", line: keyLine)
            }
            return (key, false)
        default:
            let start = pos
            while let c = peek(), !Self.isBreak(c), !(c == UInt8(ascii: ":") && Self.isSeparator(peek(1))) { pos += 1 }
            var end = pos
            while end > start, Self.isBlank(b[end - 1]) { end -= 1 }
            let plain = String(decoding: b[start..<end], as: UTF8.self)
            if plain == "<<" { return (plain, true) }
            guard let key = YAMLScalar.key(YAMLScalar.resolve(plain)) else {
                throw error("unsupported map key of type: <nil>, key: <nil>", line: keyLine)
            }
            return (key, false)
        }
    }

    /// A JSON key for an aliased scalar.
    static func keyText(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// `<<: *base` (or a list of them): the merged mapping's keys are set here, earlier ones in a list
    /// winning, as go-yaml v2 merges.
    private func merge(
        _ value: JSONValue, into members: inout [(key: String, value: JSONValue)], index: inout [String: Int], line: Int
    ) throws(YAMLError) {
        let sources: [JSONValue]
        switch value {
        case .object: sources = [value]
        case .array(let items): sources = items.reversed()
        default: throw error("map merge requires map or sequence of maps as the value", line: line)
        }
        for source in sources {
            guard case .object(let merged) = source else {
                throw error("map merge requires map or sequence of maps as the value", line: line)
            }
            for m in merged {
                if let at = index[m.key] {
                    members[at].value = m.value
                } else {
                    index[m.key] = members.count
                    members.append(m)
                }
            }
        }
    }

    mutating func parseBlockSequence(column indent: Int) throws(YAMLError) -> JSONValue {
        var items: [JSONValue] = []
        while true {
            pos += 1  // the "-"
            items.append(
                try parseAfterIndicator(parentIndent: indent, allowsInlineMapping: true, sequenceAtParent: false)
                    ?? .null)
            try skipToContent()
            if atEnd || atDocumentMarker || column < indent { break }
            guard column == indent else { throw error("did not find expected '-' indicator") }
            guard peek() == UInt8(ascii: "-"), Self.isSeparator(peek(1)) else { break }
        }
        return .array(items)
    }
}
