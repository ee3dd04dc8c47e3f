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
            .flatMap(FieldSelector.exactMetadataName)
    }
}

/// Just enough of apimachinery's fields.ParseSelector to answer `RequiresExactMatch("metadata.name")`.
enum FieldSelector {
    static func exactMetadataName(_ selector: String) -> String? {
        // kube sorts the terms before it looks for an exact match, so with two `metadata.name` terms the
        // lexically smaller wins; a selector that does not parse names nothing.
        var found: String?
        for term in splitTerms(selector).sorted() where !term.isEmpty {
            guard let (field, op, rawValue) = splitTerm(term), let value = unescapeValue(rawValue) else { return nil }
            if found == nil, op != "!=", field == "metadata.name" { found = value }
        }
        guard let found, isValidPathSegmentName(found) else { return nil }
        return found
    }

    /// Splits on commas not escaped with a backslash.
    static func splitTerms(_ s: String) -> [Substring] {
        var terms: [Substring] = []
        var start = s.startIndex
        var escaped = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                terms.append(s[start..<i])
                start = s.index(after: i)
            }
            i = s.index(after: i)
        }
        terms.append(s[start...])
        return terms
    }

    /// The first operator occurrence splits the term; operators are tried longest first at each position.
    static func splitTerm(_ term: Substring) -> (Substring, String, Substring)? {
        var i = term.startIndex
        while i < term.endIndex {
            let rest = term[i...]
            for op in ["!=", "==", "="] where rest.hasPrefix(op) {
                return (term[..<i], op, rest.dropFirst(op.count))
            }
            i = term.index(after: i)
        }
        return nil
    }

    /// `\\`, `\,` and `\=` are the only escapes; a bare `,` or `=` in a value is an error.
    static func unescapeValue(_ s: Substring) -> String? {
        var out = ""
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
        return escaped ? nil : out
    }

    /// apimachinery's path.IsValidPathSegmentName: a name must be usable as one URL path segment.
    static func isValidPathSegmentName(_ name: String) -> Bool {
        name != "." && name != ".." && !name.contains("/") && !name.contains("%")
    }
}
