/// A JSON document as the server handles it (policy lines, API objects, patches). Numbers keep their text, so
/// an int64 or a quantity round-trips exactly; objects keep their keys in the order written.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Keys in the order written, which makes error messages follow the line.
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || Double(x) == Double(y)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return membersEqual(x, y)
        default: return false
        }
    }

    /// Objects are equal when every member of one has an equal member of the same key in the other, in any
    /// order. Linear: members in the same order (the usual case) compare pairwise, and from the first
    /// difference on the rest is looked up by key (by scanning while short, through a dictionary beyond).
    private static func membersEqual(
        _ x: [(key: String, value: JSONValue)], _ y: [(key: String, value: JSONValue)]
    ) -> Bool {
        guard x.count == y.count else { return false }
        var i = 0
        while i < x.count && x[i].key == y[i].key {
            guard x[i].value == y[i].value else { return false }
            i += 1
        }
        if i == x.count { return true }
        let rest = y[i...]
        if rest.count <= scanLimit {
            return x[i...].allSatisfy { m in rest.contains { $0.key == m.key && $0.value == m.value } }
        }
        var byKey: [String: [JSONValue]] = [:]
        byKey.reserveCapacity(rest.count)
        for m in rest { byKey[m.key, default: []].append(m.value) }
        return x[i...].allSatisfy { m in byKey[m.key]?.contains(m.value) ?? false }
    }

    /// Up to this many members, looking a key up by scanning beats building a dictionary.
    private static let scanLimit = 16

    /// What a value is, in the words an error message uses.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Reading and editing documents by key: what the REST layer, patches and tables do all day.
extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Follows a path of keys (`["metadata", "name"]`).
    public subscript(path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? {
        if case .number(let n) = self {
            return Int(n) ?? Double(n).flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil }
        } else {
            return nil
        }
    }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var members: [(key: String, value: JSONValue)]? {
        if case .object(let m) = self { return m } else { return nil }
    }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Sets (or, with nil, removes) a member, keeping the position of an existing key. Only on objects.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        guard case .object(var members) = self else { return }
        self = .null  // release the storage so the edit below is in place
        if let i = members.firstIndex(where: { $0.key == key }) {
            if let value { members[i].value = value } else { members.remove(at: i) }
        } else if let value {
            members.append((key, value))
        }
        self = .object(members)
    }

    /// Sets a member at a path, creating objects on the way (even to remove: the path then ends in `{}`),
    /// and replacing anything on the way that is not an object. Only on objects.
    public mutating func set(path: [String], _ value: JSONValue?) {
        set(path: path[...], value)
    }

    private mutating func set(path: ArraySlice<String>, _ value: JSONValue?) {
        guard let first = path.first else { return }
        if path.count == 1 { set(first, value); return }
        editObject(first) { $0.set(path: path.dropFirst(), value) }
    }

    /// Edits the object at member `key` in place, as `set(path:)` passes through it: created when missing,
    /// replaced by `{}` when not an object. For several edits under one member (a create's metadata).
    /// Only on objects.
    public mutating func editObject(_ key: String, _ edit: (inout JSONValue) -> Void) {
        guard case .object(var members) = self else { return }
        self = .null  // release the storage so the edit below is in place, nothing above it copied
        if let i = members.firstIndex(where: { $0.key == key }) {
            if case .object = members[i].value {} else { members[i].value = .object([]) }
            edit(&members[i].value)
        } else {
            var child = JSONValue.object([])
            edit(&child)
            members.append((key, child))
        }
        self = .object(members)
    }

    public static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func int(_ n: Int) -> JSONValue { .number(String(n)) }
}
