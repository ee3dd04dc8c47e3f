/// A document serialized once with a hole for one string value that is only known later: the store
/// assigns an object's resourceVersion inside the group commit, where re-serializing the whole object per
/// write would hold up every write in the group. Filling the hole copies two byte ranges.
public struct JSONTemplate: Sendable {
    /// The document with an empty string at the hole.
    let bytes: [UInt8]
    /// Offset just inside that string's quotes; nil when the document is not an object (nothing to set).
    let hole: Int?
    /// The bytes of the member holding the hole, with the comma that separates it from a neighbour.
    let member: Range<Int>?

    /// `document` with the string at `path` left open, set as `set(path:)` sets it: created (with objects
    /// on the way) when missing, the first of duplicate keys when repeated.
    public init(_ document: JSONValue, openStringAt path: [String]) {
        var document = document
        document.set(path: path, .string(""))
        var out: [UInt8] = []
        out.reserveCapacity(512)
        var hole: Int?
        var member: Range<Int>?
        document.write(into: &out, marking: path[...], at: &hole, member: &member)
        bytes = out
        self.hole = hole
        self.member = member
    }

    /// The document without the member holding the hole (an etcd value: the revision is not kept in it).
    /// Two byte ranges copied, where taking the member out of the parsed document means parsing it again.
    public func withoutHole() -> [UInt8] {
        guard let member else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - member.count)
        out += bytes[..<member.lowerBound]
        out += bytes[member.upperBound...]
        return out
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
    fileprivate func write(
        into out: inout [UInt8], marking path: ArraySlice<String>, at hole: inout Int?, member: inout Range<Int>?
    ) {
        guard let key = path.first, case .object(let members) = self else {
            write(into: &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        var found = false
        for (i, element) in members.enumerated() {
            let start = out.count
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(element.key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard !found, element.key == key else {
                element.value.write(into: &out)
                continue
            }
            found = true
            if path.count == 1 {
                element.value.write(into: &out)
                if case .string = element.value {
                    hole = out.count - 1  // before the closing quote
                    // With the comma before it; the first member takes the comma after it instead.
                    member = i > 0 || members.count == 1 ? start..<out.count : start..<out.count + 1
                }
            } else {
                element.value.write(into: &out, marking: path.dropFirst(), at: &hole, member: &member)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}
