/// A recursive-descent parser over labels.Parse's tokens: identifiers and the operators
/// `= == != ! ( ) , < >`; `in` and `notin` are identifiers in operator position.
struct LabelSelectorParser {
    private enum Token: Equatable, CustomStringConvertible {
        case identifier(String), equals, doubleEquals, notEquals, bang, open, close, comma, greater, less, end

        var description: String {
            switch self {
            case .identifier(let text): return text
            case .equals: return "="
            case .doubleEquals: return "=="
            case .notEquals: return "!="
            case .bang: return "!"
            case .open: return "("
            case .close: return ")"
            case .comma: return ","
            case .greater: return ">"
            case .less: return "<"
            case .end: return "end of string"
            }
        }
    }

    private let text: String
    private var tokens: [Token] = []
    private var index = 0

    init(_ text: String) { self.text = text }

    mutating func parse() throws(StoreError) -> [LabelRequirement] {
        tokens = try Self.tokenize(text)
        var requirements: [LabelRequirement] = []
        if tokens == [.end] { return [] }
        while true {
            requirements.append(try requirement())
            switch next() {
            case .end: return requirements
            case .comma: continue
            case let other: throw fail("found '\(other)', expected: ',' or 'end of string'")
            }
        }
    }

    private mutating func requirement() throws(StoreError) -> LabelRequirement {
        if peek() == .bang {
            index += 1
            return LabelRequirement(key: try key(), op: .doesNotExist)
        }
        let key = try key()
        let token = peek()
        if token == .end || token == .comma { return LabelRequirement(key: key, op: .exists) }
        index += 1
        switch token {
        case .equals, .doubleEquals: return LabelRequirement(key: key, op: .equals, values: [try value()])
        case .notEquals: return LabelRequirement(key: key, op: .notEquals, values: [try value()])
        case .greater, .less:
            let op: LabelRequirement.Operator = token == .greater ? .greaterThan : .lessThan
            let bound = try value()
            guard Int64(bound) != nil else { throw fail("for 'Gt', 'Lt' operators, the value must be an integer") }
            return LabelRequirement(key: key, op: op, values: [bound])
        case .identifier("in"): return LabelRequirement(key: key, op: .in, values: try valueSet())
        case .identifier("notin"): return LabelRequirement(key: key, op: .notIn, values: try valueSet())
        case let other: throw fail("found '\(other)', expected: in, notin, =, ==, !=, gt, lt")
        }
    }

    private mutating func key() throws(StoreError) -> String {
        let token = next()
        guard case .identifier(let key) = token else { throw fail("found '\(token)', expected: identifier") }
        guard LabelSyntax.isQualifiedName(key) else { throw fail("invalid label key \"\(key)\"") }
        return key
    }

    /// A value may be empty (`a=` selects the label with value "").
    private mutating func value() throws(StoreError) -> String {
        guard case .identifier(let value) = peek() else { return "" }
        index += 1
        guard LabelSyntax.isValue(value) else { throw fail("invalid label value: \"\(value)\"") }
        return value
    }

    private mutating func valueSet() throws(StoreError) -> [String] {
        let token = next()
        guard token == .open else { throw fail("found '\(token)', expected: '('") }
        var values: [String] = []
        while true {
            values.append(try value())
            switch next() {
            case .comma: continue
            case .close:
                if values == [""] { throw fail("for 'in', 'notin' operators, values set can't be empty") }
                return values
            case let other: throw fail("found '\(other)', expected: ',' or ')'")
            }
        }
    }

    private func peek() -> Token { tokens[index] }

    private mutating func next() -> Token {
        let token = tokens[index]
        if token != .end { index += 1 }
        return token
    }

    private func fail(_ message: String) -> StoreError {
        .invalid("unable to parse requirement: \(message) in label selector \"\(text)\"")
    }

    private static func tokenize(_ text: String) throws(StoreError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func isSpecial(_ c: Unicode.Scalar) -> Bool {
            "=!(),<>".unicodeScalars.contains(c) || c.properties.isWhitespace
        }
        while i < chars.count {
            let c = chars[i]
            let following: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case _ where c.properties.isWhitespace: i += 1; continue
            case "=" where following == "=": tokens.append(.doubleEquals); i += 2
            case "=": tokens.append(.equals); i += 1
            case "!" where following == "=": tokens.append(.notEquals); i += 2
            case "!": tokens.append(.bang); i += 1
            case "(": tokens.append(.open); i += 1
            case ")": tokens.append(.close); i += 1
            case ",": tokens.append(.comma); i += 1
            case ">": tokens.append(.greater); i += 1
            case "<": tokens.append(.less); i += 1
            default:
                var identifier = String.UnicodeScalarView()
                while i < chars.count, !isSpecial(chars[i]) {
                    identifier.append(chars[i])
                    i += 1
                }
                tokens.append(.identifier(String(identifier)))
            }
        }
        tokens.append(.end)
        return tokens
    }
}

/// Label key and value syntax (k8s.io/apimachinery validation): a key is `[prefix/]name`, the prefix a
/// DNS subdomain of at most 253 characters, the name and any value at most 63 characters of
/// `[A-Za-z0-9._-]` starting and ending alphanumeric (values may also be empty).
enum LabelSyntax {
    static func isQualifiedName(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isName(parts[0])
        case 2: return isDNSSubdomain(parts[0]) && isName(parts[1])
        default: return false
        }
    }

    static func isValue(_ value: String) -> Bool { value.isEmpty || isName(Substring(value)) }

    private static func isName(_ name: Substring) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 63, isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isDNSSubdomain(_ prefix: Substring) -> Bool {
        guard !prefix.isEmpty, prefix.utf8.count <= 253 else { return false }
        return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
            let lower = { (b: UInt8) in
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            }
            return lower(first) && lower(last) && bytes.allSatisfy { lower($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
