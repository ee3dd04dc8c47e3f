/// Header fields in arrival order. Request field names are stored lower-cased by the parser; lookups
/// compare names ASCII case-insensitively either way.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Takes the parser's array as it is (no copy).
    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
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
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// The first value of the field, by case-insensitive name. The fields are looked at in place: walking
    /// them as (name, value) copies retained and released both strings of every field passed over, so a
    /// lookup cost more the later its field came (handlers look up Accept on every read).
    public subscript(_ name: String) -> String? {
        fields.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i].name.equalsIgnoringASCIICase(name) { return buffer[i].value }
            return nil
        }
    }

    /// Every value of the field, by case-insensitive name.
    public func values(_ name: String) -> [String] {
        var found: [String] = []
        for field in fields where field.name.equalsIgnoringASCIICase(name) { found.append(field.value) }
        return found
    }

    /// How many field lines carry that name.
    public func count(of name: String) -> Int {
        var n = 0
        for field in fields where field.name.equalsIgnoringASCIICase(name) { n += 1 }
        return n
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

extension StringProtocol {
    /// ASCII case-insensitive equality without building a lower-cased copy (header names, auth schemes,
    /// tokens of the protocol are ASCII): lookups run several times per request, and most candidates
    /// already differ in length.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // Native strings and their substrings are contiguous: compare the bytes, not the views index by
        // index (an auth scheme is compared on every request of the secure port).
        if let equal = utf8.withContiguousStorageIfAvailable({ x in
            other.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y, by: asciiCaseInsensitiveEqual) }
        }), let equal {
            return equal
        }
        return utf8.elementsEqual(other.utf8, by: asciiCaseInsensitiveEqual)
    }
}

extension String {
    /// The same comparison on contiguous bytes: header names are compared several times per request,
    /// and walking two UTF-8 views index by index costs several times more.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // The usual hit: a lower-case name looked up among the parser's lower-cased ones. Header names are
        // small strings (up to 15 bytes), which == compares as two words.
        if self == other { return true }
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.elementsEqual(y, by: asciiCaseInsensitiveEqual)
            }
        }
    }

    /// ASCII lower-casing that leaves an already lower-case string untouched (no copy).
    var lowercasedASCII: String {
        if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

/// Equal bytes, or the same ASCII letter in either case.
@inlinable
func asciiCaseInsensitiveEqual(_ x: UInt8, _ y: UInt8) -> Bool {
    x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
}
