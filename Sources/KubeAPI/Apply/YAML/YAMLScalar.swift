/// What a plain (unquoted) YAML scalar means, as go-yaml v2 resolves it for sigs.k8s.io/yaml (YAML 1.1
/// booleans such as `yes` and `off`, `~` and `null`, ints in decimal, hex, octal and binary with `_`
/// separators, floats, `.inf` and `.nan`; timestamps stay strings), and how the result reads once
/// converted to JSON the way kube receives it (a float that is whole becomes an integer).
enum YAMLScalar {
    static let trueWords: Set<String> = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    static let falseWords: Set<String> = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// A resolved scalar, before JSON: floats keep their Double (keys and values render them differently).
    enum Resolved: Equatable {
        case null, bool(Bool), int(String), float(Double), string(String)
    }

    static func resolve(_ plain: String) -> Resolved {
        if nullWords.contains(plain) { return .null }
        if trueWords.contains(plain) { return .bool(true) }
        if falseWords.contains(plain) { return .bool(false) }
        switch plain {
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default: break
        }
        guard let first = plain.utf8.first else { return .string(plain) }
        if first == UInt8(ascii: ".") {
            return goParseFloat(plain).map { .float($0) } ?? .string(plain)
        }
        let isDigit = first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
        guard isDigit || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return .string(plain) }
        // Timestamps (2001-12-14...) resolve to themselves for untyped targets: kept as strings.
        if looksLikeTimestamp(plain) { return .string(plain) }
        let bare = String(plain.filter { $0 != "_" })
        if let v = goParseInt(bare) { return .int(v) }
        if isYAMLFloat(bare), let f = goParseFloat(bare), f.isFinite { return .float(f) }
        return .string(plain)
    }

    /// The value in the JSON kube decodes: whole floats become integers, as json.Marshal then the
    /// unstructured decoder turn 1.0 into 1.
    static func json(_ r: Resolved) throws(YAMLError) -> JSONValue {
        switch r {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let text): return .number(text)
        case .string(let s): return .string(s)
        case .float(let f):
            if f.isNaN { throw .unsupported("NaN") }
            if f.isInfinite { throw .unsupported(f > 0 ? "+Inf" : "-Inf") }
            return .number(GoFloat.json(f))
        }
    }

    /// A mapping key as sigs.k8s.io/yaml turns it into a JSON key: ints in decimal, floats as 32-bit 'g'.
    static func key(_ r: Resolved) -> String? {
        switch r {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let text): return text
        case .string(let s): return s
        case .float(let f):
            if f.isNaN { return ".nan" }
            if f.isInfinite { return f > 0 ? ".inf" : "-.inf" }
            return GoFloat.g("\(Float(f))")
        }
    }

    /// strconv.ParseInt(s, 0, 64), then ParseUint: sign, then 0x/0o/0b or a leading 0 for octal. The
    /// decimal text of the value, nil when it is not an integer.
    static func goParseInt(_ s: String) -> String? {
        var body = Substring(s), negative = false
        if body.hasPrefix("+") || body.hasPrefix("-") { negative = body.hasPrefix("-"); body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16; body = body.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8; body = body.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2; body = body.dropFirst(2)
        } else if body.count > 1 && body.hasPrefix("0") {
            radix = 8; body = body.dropFirst()
        }
        guard !body.isEmpty, let magnitude = UInt64(body, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == 0 ? "0" : "-\(magnitude)"
        }
        return String(magnitude)
    }

    /// go-yaml's yamlStyleFloat: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ s: String) -> Bool {
        var b = Array(s.utf8)[...]
        func digits() -> Int {
            var n = 0; while let c = b.first, c >= 48 && c <= 57 { b = b.dropFirst(); n += 1 }; return n
        }
        if let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { b = b.dropFirst() }
        if b.first == UInt8(ascii: ".") {
            b = b.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if b.first == UInt8(ascii: ".") { b = b.dropFirst(); _ = digits() }
        }
        if let c = b.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            b = b.dropFirst()
            if let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { b = b.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return b.isEmpty
    }

    /// strconv.ParseFloat for the decimal forms YAML reaches it with; out of range is an error.
    static func goParseFloat(_ s: String) -> Double? {
        guard isYAMLFloat(s), let d = Double(s), d.isFinite else { return nil }
        return d
    }

    /// go-yaml's timestamp forms start with four digits and a dash, then parse as a date or date-time.
    static func looksLikeTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 8, b[0...3].allSatisfy({ $0 >= 48 && $0 <= 57 }), b[4] == UInt8(ascii: "-") else {
            return false
        }
        // YYYY-M-D, optionally followed by a time: anything else (2001-12) is not a timestamp.
        let parts = s.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month) else { return false }
        let day = parts[2].prefix { $0.isNumber }
        guard let d = Int(day), (1...31).contains(d), !day.isEmpty, day.count <= 2 else { return false }
        let rest = parts[2].dropFirst(day.count)
        return rest.isEmpty || rest.first == "T" || rest.first == "t" || rest.first == " "
    }
}
