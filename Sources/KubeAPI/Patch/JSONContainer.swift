/// A container step failing, in the library's words.
struct PointerFailure: Error {
    var message: String
}

/// The member and element operations of json-patch v4's partialDoc and partialArray.
enum JSONContainer {
    static let invalidIndex = "invalid index referenced"
    static let missingValue = "missing value"

    /// The value at `key`; nil for a missing member and for a null one alike (the library cannot tell them apart).
    static func get(_ container: JSONValue, _ key: String) throws(PointerFailure) -> JSONValue? {
        switch container {
        case .object(let m):
            let v = Members(m)[key]
            return v?.isNull == true ? nil : v
        case .array(let a):
            let i = try existingIndex(key, count: a.count)
            return a[i].isNull ? nil : a[i]
        default:
            return nil
        }
    }

    static func add(_ container: inout JSONValue, _ key: String, _ value: JSONValue) throws(PointerFailure) {
        switch container {
        case .object(let m):
            var members = Members(m)
            members[key] = value
            container = members.json
        case .array(var a):
            if key == "-" { a.append(value); container = .array(a); return }
            guard var i = Int(key) else {
                throw PointerFailure(message: "value was not a proper array index: '\(key)': \(atoiFailure(key))")
            }
            let size = a.count + 1
            if i >= size || i < -size {
                throw PointerFailure(message: "Unable to access invalid index: \(i): \(invalidIndex)")
            }
            if i < 0 { i += size }
            a.insert(value, at: i)
            container = .array(a)
        default:
            break
        }
    }

    /// replace's write; the caller has already checked the target with `get`.
    static func set(_ container: inout JSONValue, _ key: String, _ value: JSONValue) throws(PointerFailure) {
        switch container {
        case .object:
            try add(&container, key, value)
        case .array(var a):
            let i = try existingIndex(key, count: a.count)
            a[i] = value
            container = .array(a)
        default:
            break
        }
    }

    static func remove(_ container: inout JSONValue, _ key: String) throws(PointerFailure) {
        switch container {
        case .object(let m):
            var members = Members(m)
            guard members.has(key) else {
                throw PointerFailure(message: "Unable to remove nonexistent key: \(key): \(missingValue)")
            }
            members[key] = nil
            container = members.json
        case .array(var a):
            let i = try existingIndex(key, count: a.count)
            a.remove(at: i)
            container = .array(a)
        default:
            break
        }
    }

    /// An index naming an existing element; negative ones count from the end.
    private static func existingIndex(_ key: String, count: Int) throws(PointerFailure) -> Int {
        guard let i = Int(key) else { throw PointerFailure(message: atoiFailure(key)) }
        if i >= count || i < -count {
            throw PointerFailure(message: "Unable to access invalid index: \(i): \(invalidIndex)")
        }
        return i < 0 ? i + count : i
    }

    /// strconv.Atoi's error text.
    private static func atoiFailure(_ key: String) -> String {
        let digits = key.drop { $0 == "-" || $0 == "+" }
        let outOfRange = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
        return "strconv.Atoi: parsing \"\(key)\": \(outOfRange ? "value out of range" : "invalid syntax")"
    }

    /// Whether a value can be walked into: the library only descends into objects and arrays.
    static func isContainer(_ v: JSONValue) -> Bool {
        switch v {
        case .object, .array: true
        default: false
        }
    }
}
