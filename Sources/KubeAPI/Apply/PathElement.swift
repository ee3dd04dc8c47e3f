/// One step of a field path, as structured-merge-diff's fieldpath.PathElement: a field of an object, the
/// element of an associative list with these key values, the element of a set with this value, or (in
/// atomic lists, which are never descended) an index. The order is upstream's, since FieldsV1 is written
/// in it: fields, then keys, then values, then indexes.
public enum PathElement: Sendable, Hashable, Comparable, CustomStringConvertible {
    case field(String)
    /// Key fields sorted by name (a list-map key: `containerPort` and `protocol`).
    case key([KeyField])
    case value(FieldValue)
    case index(Int)

    public struct KeyField: Sendable, Hashable {
        public let name: String
        public let value: FieldValue
        public init(_ name: String, _ value: FieldValue) { self.name = name; self.value = value }
    }

    /// A key from (name, value) pairs in any order; names sort as Go's strings do.
    public static func key(_ fields: [(String, JSONValue)]) -> PathElement {
        var keyed = fields.map { KeyField($0.0, FieldValue($0.1)) }
        if keyed.count > 1 { keyed.sort { FieldValue.bytewise($0.name, $1.name) < 0 } }
        return .key(keyed)
    }

    // MARK: - Order (PathElement.Compare)

    public static func < (a: PathElement, b: PathElement) -> Bool { compare(a, b) < 0 }

    /// Equality is the order's (field names compare by bytes, not by Unicode equivalence).
    public static func == (a: PathElement, b: PathElement) -> Bool { compare(a, b) == 0 }

    /// Strings equal by bytes hash alike (String's hash is over their canonical form, coarser than bytes).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .field(let name): hasher.combine(0); hasher.combine(name)
        case .key(let fields):
            hasher.combine(1)
            for f in fields { hasher.combine(f.name); hasher.combine(f.value) }
        case .value(let v): hasher.combine(2); hasher.combine(v)
        case .index(let i): hasher.combine(3); hasher.combine(i)
        }
    }

    public static func compare(_ a: PathElement, _ b: PathElement) -> Int {
        switch (a, b) {
        case let (.field(x), .field(y)): return FieldValue.bytewise(x, y)
        case let (.key(x), .key(y)):
            // FieldList.Compare: name, then value, pairwise; the shorter list first.
            for (l, r) in zip(x, y) {
                let byName = FieldValue.bytewise(l.name, r.name)
                if byName != 0 { return byName }
                let byValue = FieldValue.compare(l.value.json, r.value.json)
                if byValue != 0 { return byValue }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case let (.value(x), .value(y)): return FieldValue.compare(x.json, y.json)
        case let (.index(x), .index(y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return a.rank < b.rank ? -1 : 1
        }
    }

    private var rank: Int {
        switch self {
        case .field: 0
        case .key: 1
        case .value: 2
        case .index: 3
        }
    }

    // MARK: - Text

    /// PathElement.String(), as conflict messages print paths: `.name`, `[name="x"]`, `[=x]`, `[0]`.
    public var description: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let fields): return "[" + fields.map { "\($0.name)=\($0.value)" }.joined(separator: ",") + "]"
        case .value(let v): return "[=\(v)]"
        case .index(let i): return "[\(i)]"
        }
    }

    /// The FieldsV1 key: `f:name`, `k:{"containerPort":80,"protocol":"TCP"}`, `v:"x"`, `i:0`.
    public var serialized: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let fields):
            var out = Array("k:{".utf8)
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                FieldValue.writeGoString(f.name, into: &out)
                out.append(UInt8(ascii: ":"))
                out += Array(f.value.text.utf8)
            }
            out.append(UInt8(ascii: "}"))
            return String(decoding: out, as: UTF8.self)
        case .value(let v): return "v:" + v.text
        case .index(let i): return "i:\(i)"
        }
    }

    /// Why a FieldsV1 key could not be read.
    public enum ParseError: Error, Equatable, Sendable {
        /// A prefix other than f, k, v, i: a newer format, skipped as upstream does.
        case unknownType
        case invalid(String)
    }

    /// DeserializePathElement.
    public init(serialized s: String) throws(ParseError) {
        let bytes = Array(s.utf8)
        guard bytes.count >= 2 else { throw .invalid("key must be 2 characters long: \(s)") }
        guard bytes[1] == UInt8(ascii: ":") else { throw .invalid("missing colon: \(s)") }
        let rest = String(decoding: bytes[2...], as: UTF8.self)
        switch bytes[0] {
        case UInt8(ascii: "f"):
            self = .field(rest)
        case UInt8(ascii: "v"):
            do { self = .value(FieldValue(try JSONParser.parse(bytes[2...].map { $0 }))) } catch {
                throw .invalid("\(error)")
            }
        case UInt8(ascii: "k"):
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(Array(bytes[2...])) } catch { throw .invalid("\(error)") }
            guard case .object(let members) = parsed else { throw .invalid("expected an object in \(s)") }
            // Stable by name, as value.FieldList.Sort keeps repeated names in order.
            let fields = members.enumerated().sorted { a, b in
                let c = FieldValue.bytewise(a.element.key, b.element.key)
                return c != 0 ? c < 0 : a.offset < b.offset
            }
            self = .key(fields.map { KeyField($0.element.key, FieldValue($0.element.value)) })
        case UInt8(ascii: "i"):
            guard let i = Int(rest) else {
                throw .invalid("strconv.Atoi: parsing \(GoQuote.quote(rest)): invalid syntax")
            }
            self = .index(i)
        default:
            throw .unknownType
        }
    }
}
