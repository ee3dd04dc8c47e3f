#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON value inside a field path — a list-map key's value or a set element — compared, ordered and
/// written the way structured-merge-diff's `value` package does, so FieldsV1 keys and their order match
/// kube-apiserver's byte for byte.
public struct FieldValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let json: JSONValue
    /// The canonical JSON text (`80`, `"TCP"`): what a `k:` or `v:` key holds. Equal values have equal text
    /// (an integral float is written as the integer, as Go's encoder writes 80.0), so it is the hash too.
    public let text: String

    public init(_ json: JSONValue) {
        self.json = json
        var out: [UInt8] = []
        Self.writeCanonical(json, into: &out)
        text = String(decoding: out, as: UTF8.self)
    }

    public static func == (a: FieldValue, b: FieldValue) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
    public static func < (a: FieldValue, b: FieldValue) -> Bool { compare(a.json, b.json) < 0 }

    /// value.ToString, which path descriptions in conflict messages use: strings Go-quoted, numbers bare.
    public var description: String { Self.describe(json) }

    // MARK: - value.Compare

    /// How a number decoded: Go's JSON readers give int64 when the text is an integer, float64 otherwise.
    enum Number { case int(Int64), float(Double) }

    static func number(_ text: String) -> Number {
        if let i = Int64(text) { return .int(i) }
        return .float(Double(text) ?? 0)
    }

    /// value.Compare's total order: floats, then ints (the two compared numerically with each other),
    /// strings (by bytes), booleans, lists, maps, null.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        func rank(_ v: JSONValue) -> Int {
            switch v {
            case .number(let n): if case .float = number(n) { return 0 } else { return 1 }
            case .string: return 2
            case .bool: return 3
            case .array: return 4
            case .object: return 5
            case .null: return 6
            }
        }
        switch (a, b) {
        case let (.number(x), .number(y)):
            switch (number(x), number(y)) {
            case let (.int(i), .int(j)): return i < j ? -1 : (i == j ? 0 : 1)
            case let (.int(i), .float(f)): return floatCompare(Double(i), f)
            case let (.float(f), .int(j)): return floatCompare(f, Double(j))
            case let (.float(f), .float(g)): return floatCompare(f, g)
            }
        case let (.string(x), .string(y)): return bytewise(x, y)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (x ? 1 : -1)
        case let (.array(x), .array(y)):
            for (l, r) in zip(x, y) {
                let c = compare(l, r)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case let (.object(x), .object(y)):
            // MapCompare: members in lexical key order, a missing member sorting after a present one.
            let l = Dictionary(x.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            let r = Dictionary(y.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            if l.isEmpty && r.isEmpty { return 0 }
            let keys = Set(l.keys).union(r.keys).sorted { bytewise($0, $1) < 0 }
            for (i, key) in keys.enumerated() {
                if i == l.count { return -1 }
                if i == r.count { return 1 }
                guard let lv = l[key] else { return 1 }
                guard let rv = r[key] else { return -1 }
                let c = compare(lv, rv)
                if c != 0 { return c }
            }
            return 0
        default:
            return rank(a) < rank(b) ? -1 : (rank(a) == rank(b) ? 0 : 1)
        }
    }

    static func floatCompare(_ a: Double, _ b: Double) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    /// Go's strings.Compare: by UTF-8 bytes (Swift's `<` orders by Unicode scalars' canonical form).
    static func bytewise(_ a: String, _ b: String) -> Int {
        // Field paths are compared all the time (every set operation): the bytes in place, by memcmp.
        let compared = a.utf8.withContiguousStorageIfAvailable { l in
            b.utf8.withContiguousStorageIfAvailable { r in bytewise(l, r) }
        }
        if let compared = compared ?? nil { return compared }
        var x = a, y = b
        return x.withUTF8 { l in y.withUTF8 { r in bytewise(l, r) } }
    }

    private static func bytewise(_ l: UnsafeBufferPointer<UInt8>, _ r: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(l.count, r.count)
        if n > 0, let lb = l.baseAddress, let rb = r.baseAddress {
            let c = memcmp(lb, rb, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return l.count < r.count ? -1 : (l.count == r.count ? 0 : 1)
    }

    // MARK: - Text

    /// JSON as Go's encoding/json writes it (what jsoniter's standard-library mode produces for FieldsV1):
    /// `<`, `>`, `&`, U+2028 and U+2029 escaped, object keys sorted, integral floats as integers.
    static func writeCanonical(_ v: JSONValue, into out: inout [UInt8]) {
        switch v {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(canonicalNumber(n).utf8)
        case .string(let s): writeGoString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeCanonical(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.sorted(by: { bytewise($0.key, $1.key) < 0 }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeGoString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeCanonical(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func canonicalNumber(_ text: String) -> String {
        switch number(text) {
        case .int(let i): return String(i)
        case .float(let f):
            if f == f.rounded(), abs(f) < 1e21, let i = Int64(exactly: f) { return String(i) }
            return GoFloat.json(f)
        }
    }

    /// encoding/json's string escaping (HTMLEscape on, as jsoniter's standard-library configuration).
    static func writeGoString(_ s: String, into out: inout [UInt8]) {
        // Most strings have nothing to escape: copied as they are.
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && !Self.isEscapedASCII($0) }
        if plain {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "\n": out += [0x5C, UInt8(ascii: "n")]
            case "\r": out += [0x5C, UInt8(ascii: "r")]
            case "\t": out += [0x5C, UInt8(ascii: "t")]
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let v = scalar.value
                out += [
                    0x5C, UInt8(ascii: "u"), hex[Int(v >> 12 & 0xF)], hex[Int(v >> 8 & 0xF)], hex[Int(v >> 4 & 0xF)],
                    hex[Int(v & 0xF)],
                ]
            case _ where scalar.value < 0x20:
                out += [
                    0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(scalar.value >> 4)],
                    hex[Int(scalar.value & 0xF)],
                ]
            default:
                out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The printable ASCII characters encoding/json escapes: `"`, `\`, `<`, `>`, `&`.
    static func isEscapedASCII(_ b: UInt8) -> Bool { b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 }

    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            switch number(n) {
            case .int(let i): return String(i)
            case .float(let f): return GoFloat.g("\(f)")
            }
        case .string(let s): return GoQuote.quote(s)
        case .array(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
        case .object(let members):
            return members.sorted { bytewise($0.key, $1.key) < 0 }.map { "\($0.key)=\(describe($0.value))" }.joined()
        }
    }
}
