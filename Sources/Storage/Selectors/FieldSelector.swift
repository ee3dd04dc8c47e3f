/// A Kubernetes field selector: `field=value`, `field==value`, `field!=value` terms joined by commas, all of
/// which must hold. Values may escape `\`, `,` and `=` with a backslash (fields.ParseSelector); which
/// fields a resource supports is the REST layer's business: missing fields read as "".
public struct FieldSelector: Sendable, Equatable, CustomStringConvertible {
    public var requirements: [FieldRequirement]

    public init(_ requirements: [FieldRequirement] = []) { self.requirements = requirements }

    public static let everything = FieldSelector()

    public var isEverything: Bool { requirements.isEmpty }

    public init(parsing text: String) throws(StoreError) {
        requirements = []
        for term in try Self.splitTerms(text) where !term.isEmpty {
            requirements.append(try Self.requirement(term, in: text))
        }
    }

    public func matches(_ object: StoredObject) -> Bool {
        requirements.allSatisfy { $0.matches(object.field($0.field)) }
    }

    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// Splits on commas not escaped by a backslash; escapes stay in place for `requirement` to undo.
    /// Selectors are read by code point, as Go reads them by rune: as Characters, a backslash or `=` with a
    /// combining mark after it was not one (the selectors fuzzer found `e[===\u{616}B` read as a value).
    private static func splitTerms(_ text: String) throws(StoreError) -> [String] {
        var terms: [String] = [], current = String.UnicodeScalarView(), escaped = false
        for c in text.unicodeScalars {
            if escaped { current.append(c); escaped = false; continue }
            switch c {
            case "\\": current.append(c); escaped = true
            case ",": terms.append(String(current)); current = String.UnicodeScalarView()
            default: current.append(c)
            }
        }
        terms.append(String(current))
        return terms
    }

    /// The first operator wins, tried as `!=`, `==`, `=` at each position (as fields.splitTerm does), on
    /// the term's bytes in one pass. (Building the rest of the term at every position made a long term
    /// quadratic: found by the selectors fuzzer's speed, a 16 KB term took seconds of an I/O loop.)
    private static func requirement(_ term: String, in text: String) throws(StoreError) -> FieldRequirement {
        let bytes = Array(term.utf8)
        for i in bytes.indices {
            let op: FieldRequirement.Operator
            let length: Int
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            if bytes[i] == UInt8(ascii: "!") && next == UInt8(ascii: "=") {
                (op, length) = (.notEquals, 2)
            } else if bytes[i] == UInt8(ascii: "=") {
                (op, length) = (.equals, next == UInt8(ascii: "=") ? 2 : 1)
            } else {
                continue
            }
            let field = String(decoding: bytes[..<i], as: UTF8.self).trimmingSpaces
            guard !field.isEmpty else { throw .invalid("invalid field selector: \"\(text)\": empty field name") }
            let value = try unescape(String(decoding: bytes[(i + length)...], as: UTF8.self), in: text)
            return FieldRequirement(field: field, op: op, value: value)
        }
        throw .invalid("invalid selector: '\(text)'; can't understand '\(term)'")
    }

    private static func unescape(_ value: String, in text: String) throws(StoreError) -> String {
        var out = String.UnicodeScalarView(), escaped = false
        for c in value.unicodeScalars {
            if escaped {
                guard c == "\\" || c == "," || c == "=" else {
                    throw .invalid("invalid field selector: \"\(text)\": invalid escape sequence: \\\(c)")
                }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "=" {
                throw .invalid("invalid field selector: \"\(text)\": unescaped '=' in value")
            } else {
                out.append(c)
            }
        }
        guard !escaped else { throw .invalid("invalid field selector: \"\(text)\": unterminated escape sequence") }
        return String(out)
    }
}

public struct FieldRequirement: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable { case equals = "=", notEquals = "!=" }

    public var field: String
    public var op: Operator
    public var value: String

    public init(field: String, op: Operator, value: String) {
        self.field = field
        self.op = op
        self.value = value
    }

    func matches(_ actual: String) -> Bool { (actual == value) == (op == .equals) }

    /// The value escaped as kube's fields.EscapeValue escapes it (`\`, `,`, `=`), so the text parses back
    /// to this requirement (a value holding a comma once read back as two terms).
    public var description: String { "\(field)\(op.rawValue)\(Self.escape(value))" }

    static func escape(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for c in value.unicodeScalars {
            if c == "\\" || c == "," || c == "=" { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
