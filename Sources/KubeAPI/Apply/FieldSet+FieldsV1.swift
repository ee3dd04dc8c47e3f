/// The FieldsV1 form of a field set, as `metadata.managedFields[].fieldsV1` carries it (fieldpath's
/// serialize.go): an object whose keys are serialized path elements, `{}` for a member with nothing below
/// it, and `".": {}` inside a child's object when the child is itself a member. Keys come in PathElement
/// order, members and children interleaved.
extension FieldSet {
    public var fieldsV1: JSONValue { .object(contents(includeSelf: false)) }

    /// The FieldsV1 text, as kube stores it.
    public var fieldsV1Text: String { fieldsV1.text }

    private func contents(includeSelf: Bool) -> [(key: String, value: JSONValue)] {
        var out: [(key: String, value: JSONValue)] = []
        if includeSelf && !(members.isEmpty && children.isEmpty) { out.append((".", .object([]))) }
        var m = 0, c = 0
        while m < members.count || c < children.count {
            let order =
                m == members.count
                ? 1 : (c == children.count ? -1 : PathElement.compare(members[m], children[c].element))
            if order < 0 {
                out.append((members[m].serialized, .object([])))
                m += 1
            } else {
                out.append((children[c].element.serialized, .object(children[c].set.contents(includeSelf: order == 0))))
                if order == 0 { m += 1 }
                c += 1
            }
        }
        return out
    }

    /// Whether `written` is exactly what `fieldsV1` gives (the same keys in the same order), found without
    /// writing it: how an apply recognises the set its manager's entry already records.
    public func isWritten(as written: JSONValue) -> Bool {
        guard case .object(let members) = written else { return false }
        return matches(members, includeSelf: false)
    }

    private func matches(_ written: [(key: String, value: JSONValue)], includeSelf: Bool) -> Bool {
        var w = 0
        if includeSelf && !(members.isEmpty && children.isEmpty) {
            guard w < written.count, written[w].key == ".", written[w].value.members?.isEmpty == true else {
                return false
            }
            w += 1
        }
        var m = 0, c = 0
        while m < members.count || c < children.count {
            let order =
                m == members.count
                ? 1 : (c == children.count ? -1 : PathElement.compare(members[m], children[c].element))
            guard w < written.count, Self.key(written[w].key, names: order < 0 ? members[m] : children[c].element),
                case .object(let inner) = written[w].value
            else { return false }
            if order < 0 {
                guard inner.isEmpty else { return false }
                m += 1
            } else {
                guard children[c].set.matches(inner, includeSelf: order == 0) else { return false }
                if order == 0 { m += 1 }
                c += 1
            }
            w += 1
        }
        return w == written.count
    }

    /// Whether a FieldsV1 key is the serialized `element` (a field's without building the text).
    private static func key(_ key: String, names element: PathElement) -> Bool {
        guard case .field(let field) = element else { return key == element.serialized }
        var key = key, name = field
        return key.withUTF8 { k in
            name.withUTF8 { n in
                k.count == n.count + 2 && k[0] == UInt8(ascii: "f") && k[1] == UInt8(ascii: ":")
                    && UnsafeBufferPointer(rebasing: k[2...]).elementsEqual(n)
            }
        }
    }

    /// Why a FieldsV1 document could not be read.
    public struct FieldsV1Error: Error, Equatable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads FieldsV1 (FieldsToSet). Keys of an unknown kind are skipped, as upstream skips what a newer
    /// version may have written; a malformed key or a non-object value is an error.
    public init(fieldsV1: JSONValue) throws(FieldsV1Error) {
        guard case .object(let members) = fieldsV1 else {
            throw FieldsV1Error(message: "FieldsV1 must be an object, not \(fieldsV1.typeName)")
        }
        self = try Self.read(members).children ?? FieldSet()
    }

    /// readIterV1: the set below an object, and whether the object makes its own key a member (it has
    /// `"."`, or nothing at all below it).
    private static func read(_ members: [(key: String, value: JSONValue)]) throws(FieldsV1Error) -> (
        children: FieldSet?, isMember: Bool
    ) {
        var out: FieldSet?
        var isMember = false
        for member in members {
            if member.key == "." { isMember = true; continue }
            let element: PathElement
            do throws(PathElement.ParseError) {
                element = try PathElement(serialized: member.key)
            } catch {
                guard case .invalid(let why) = error else { continue }
                throw FieldsV1Error(message: "parsing key as path element: \(why)")
            }
            guard case .object(let inner) = member.value else {
                throw FieldsV1Error(message: "expected an object for \(member.key), not \(member.value.typeName)")
            }
            let (grandchildren, childIsMember) = try read(inner)
            if childIsMember {
                if out == nil { out = FieldSet() }
                FieldSet.insertSorted(element, into: &out!.members)
            }
            if let grandchildren {
                if out == nil { out = FieldSet() }
                out!.setChild(element, grandchildren)
            }
        }
        return (out, out == nil ? true : isMember)
    }

    /// Sets (or replaces) the subset below `element`.
    private mutating func setChild(_ element: PathElement, _ set: FieldSet) {
        if let last = children.last, PathElement.compare(last.element, element) < 0 {
            children.append(Child(element: element, set: set))
            return
        }
        let i = Self.lowerBound(element, count: children.count) { children[$0].element }
        if i < children.count, children[i].element == element {
            children[i].set = set
        } else {
            children.insert(Child(element: element, set: set), at: i)
        }
    }
}
