/// RFC 6901 pointers resolved the way json-patch v4 (kube-apiserver's JSON patch library) resolves them:
/// the text is split on "/", the first piece is ignored, every piece but the last names a container on the
/// way (a null, missing or scalar one means "doc is missing path"), and the last names the member or index the
/// operation works on. Array indexes may be negative (counted from the end), as the library allows.
struct JSONPointer {
    let parents: [String]
    let key: String

    /// nil for a pointer with no "/" (the whole document), which the library cannot take apart.
    init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { return nil }
        parents = pieces.dropFirst().dropLast().map(Self.unescape)
        key = Self.unescape(pieces[pieces.count - 1])
    }

    /// "~1" is "/" and "~0" is "~", read left to right so "~01" stays "~1".
    static func unescape(_ token: Substring) -> String {
        var out = ""
        var chars = token.makeIterator()
        while let c = chars.next() {
            guard c == "~" else { out.append(c); continue }
            switch chars.next() {
            case "1": out.append("/")
            case "0": out.append("~")
            case let other?: out.append("~"); out.append(other)
            case nil: out.append("~")
            }
        }
        return out
    }
}

extension JSONPointer {
    /// The container holding the last token, or nil where the library reports the path missing.
    func parent(in doc: JSONValue) -> JSONValue? {
        var current = doc
        for part in parents {
            guard let next = try? JSONContainer.get(current, part), JSONContainer.isContainer(next) else { return nil }
            current = next
        }
        return current
    }

    /// Runs `edit` on the container holding the last token, in place; false when there is none.
    func editParent(
        in doc: inout JSONValue,
        _ edit: (inout JSONValue) throws(PointerFailure) -> Void
    ) throws(PointerFailure) -> Bool {
        try Self.edit(&doc, parents[...], edit)
    }

    private static func edit(
        _ doc: inout JSONValue, _ path: ArraySlice<String>,
        _ body: (inout JSONValue) throws(PointerFailure) -> Void
    ) throws(PointerFailure) -> Bool {
        guard let part = path.first else { try body(&doc); return true }
        guard var child = try? JSONContainer.get(doc, part), JSONContainer.isContainer(child) else { return false }
        let found = try edit(&child, path.dropFirst(), body)
        try JSONContainer.set(&doc, part, child)
        return found
    }
}
