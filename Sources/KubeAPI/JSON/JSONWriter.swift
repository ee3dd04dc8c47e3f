/// JSON out: compact bytes, the form every API answer and stored object takes.
extension JSONValue {
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Copies runs of bytes that need no escaping whole: API objects are mostly such runs.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var run = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                run = i + 1
                switch b {
                case UInt8(ascii: "\""): out += [0x5C, 0x22]
                case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        out.append(UInt8(ascii: "\""))
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
    public var int: Int? { if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil } } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var members: [(key: String, value: JSONValue)]? { if case .object(let m) = self { return m } else { return nil } }
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

/// A document serialized once with a hole for one string value that is only known later: the store
/// assigns an object's resourceVersion inside the group commit, where re-serializing the whole object per
/// write would hold up every write in the group. Filling the hole copies two byte ranges.
public struct JSONTemplate: Sendable {
    /// The document with an empty string at the hole.
    let bytes: [UInt8]
    /// Offset just inside that string's quotes; nil when the document is not an object (nothing to set).
    let hole: Int?

    /// `document` with the string at `path` left open, set as `set(path:)` sets it: created (with objects
    /// on the way) when missing, the first of duplicate keys when repeated.
    public init(_ document: JSONValue, openStringAt path: [String]) {
        var document = document
        document.set(path: path, .string(""))
        var out: [UInt8] = []
        out.reserveCapacity(512)
        var hole: Int?
        document.write(into: &out, marking: path[...], at: &hole)
        bytes = out
        self.hole = hole
    }

    /// The document with `value` in the hole; `value` is written as is, so it must need no escaping
    /// (a resourceVersion is digits).
    public func filled(with value: String) -> [UInt8] {
        guard let hole else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + value.utf8.count)
        out += bytes[..<hole]
        out += value.utf8
        out += bytes[hole...]
        return out
    }
}

extension JSONValue {
    /// Writes as `write(into:)` does, noting in `hole` the offset just inside the quotes of the string at
    /// `path` (first of duplicate keys, as `set(path:)` and the subscripts pick).
    fileprivate func write(into out: inout [UInt8], marking path: ArraySlice<String>, at hole: inout Int?) {
        guard let key = path.first, case .object(let members) = self else {
            write(into: &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        var found = false
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard !found, member.key == key else {
                member.value.write(into: &out)
                continue
            }
            found = true
            if path.count == 1 {
                member.value.write(into: &out)
                if case .string = member.value { hole = out.count - 1 }  // before the closing quote
            } else {
                member.value.write(into: &out, marking: path.dropFirst(), at: &hole)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}
