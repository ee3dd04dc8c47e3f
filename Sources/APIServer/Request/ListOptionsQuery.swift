/// The two `ListOptions` query parameters that change a request's attributes: `watch` turns a list into a
/// watch, and `fieldSelector=metadata.name=X` names the one object a list or watch is about.
struct ListOptionsQuery {
    var watch: Bool
    /// Set only when the selector requires `metadata.name` to equal a valid path-segment name.
    var exactName: String?

    init(_ query: Substring?) {
        // apimachinery's Convert_Slice_string_To_bool: only "0" and "false" (any case) are false; any other
        // value, even an empty one (`?watch`), is true.
        if let first = URLDecoding.queryValues(query, key: "watch").first {
            watch = !(first == "0" || first.lowercased() == "false")
        } else {
            watch = false
        }
        exactName = URLDecoding.queryValues(query, key: "fieldSelector").first
            .flatMap(FieldSelectorText.exactMetadataName)
    }
}

/// Just enough of apimachinery's fields.ParseSelector to answer `RequiresExactMatch("metadata.name")`.
/// It works on scalars, as Go works on bytes and runes, so a combining mark cannot hide an operator.
enum FieldSelectorText {
    typealias Scalars = Substring.UnicodeScalarView

    static func exactMetadataName(_ selector: String) -> String? {
        // kube sorts the terms (bytewise) before it looks for an exact match, so with two `metadata.name`
        // terms the smaller wins; a selector that does not parse names nothing.
        var found: String?
        let terms = splitTerms(selector).map { String(Substring($0)) }.sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
        for term in terms where !term.isEmpty {
            guard let (field, op, rawValue) = splitTerm(term.unicodeScalars[...]), let value = unescapeValue(rawValue)
            else {
                return nil
            }
            if found == nil, op != "!=", field.elementsEqual("metadata.name".unicodeScalars) { found = value }
        }
        guard let found, isValidPathSegmentName(found) else { return nil }
        return found
    }

    /// Splits on commas not escaped with a backslash.
    static func splitTerms(_ s: String) -> [Scalars] {
        let scalars = s.unicodeScalars[...]
        var terms: [Scalars] = []
        var start = scalars.startIndex
        var escaped = false
        for i in scalars.indices {
            let c = scalars[i]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                terms.append(scalars[start..<i])
                start = scalars.index(after: i)
            }
        }
        terms.append(scalars[start...])
        return terms
    }

    /// The first operator occurrence splits the term; operators are tried longest first at each position.
    static func splitTerm(_ term: Scalars) -> (Scalars, String, Scalars)? {
        for i in term.indices {
            let rest = term[i...]
            for op in ["!=", "==", "="] where rest.starts(with: op.unicodeScalars) {
                return (term[..<i], op, rest.dropFirst(op.unicodeScalars.count))
            }
        }
        return nil
    }

    /// `\\`, `\,` and `\=` are the only escapes; a bare `,` or `=` in a value is an error.
    static func unescapeValue(_ s: Scalars) -> String? {
        var out = String.UnicodeScalarView()
        var escaped = false
        for c in s {
            if escaped {
                guard c == "\\" || c == "," || c == "=" else { return nil }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," || c == "=" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : String(out)
    }

    /// apimachinery's path.IsValidPathSegmentName: a name must be usable as one URL path segment.
    static func isValidPathSegmentName(_ name: String) -> Bool {
        name != "." && name != ".." && !name.utf8.contains(UInt8(ascii: "/")) && !name.utf8.contains(UInt8(ascii: "%"))
    }
}
