/// Header fields in arrival order. Request field names are stored lower-cased by the parser, so lookups
/// compare names case-insensitively by lower-casing the query once.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.lowercasedASCII == name.lowercasedASCII }
    }

    /// The first value of the field, by case-insensitive name.
    public subscript(_ name: String) -> String? {
        let key = name.lowercasedASCII
        for field in fields where field.name.lowercasedASCII == key { return field.value }
        return nil
    }

    /// Every value of the field, by case-insensitive name.
    public func values(_ name: String) -> [String] {
        let key = name.lowercasedASCII
        return fields.filter { $0.name.lowercasedASCII == key }.map(\.value)
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

extension String {
    /// ASCII lower-casing that leaves an already lower-case string untouched (no copy).
    var lowercasedASCII: String {
        if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
