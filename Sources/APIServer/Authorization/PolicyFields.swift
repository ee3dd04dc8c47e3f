import KubeAPI

/// Typed, strict access to the fields of a policy object. `path` ("" or "spec.") only names fields in errors.
/// As with Go's decoder, null reads as the zero value.
enum PolicyFields {
    typealias Members = [(key: String, value: JSONValue)]

    /// Unknown and repeated fields are refused. kube's non-strict decoder ignores an unknown field and keeps
    /// the last of repeated ones; in the flat form a misspelt attribute then silently means "any", so a
    /// typo in `namespace` would grant every namespace.
    static func check(_ members: Members, allowed: Set<String>, in path: String, hint: String) throws(PolicyLine
        .Failure)
    {
        var seen: Set<String> = []
        for (key, _) in members {
            guard allowed.contains(where: { $0.utf8.elementsEqual(key.utf8) }) else {
                throw PolicyLine.Failure(message: "unknown field \(JSON.quote(path + key)); \(hint)")
            }
            guard seen.insert(key).inserted else {
                throw PolicyLine.Failure(message: "field \(JSON.quote(path + key)) appears twice")
            }
        }
    }

    static func string(_ members: Members, _ key: String, in path: String) throws(PolicyLine.Failure) -> String {
        switch value(members, key) {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case let other?: throw wrongType(path + key, want: "a string", got: other)
        }
    }

    static func bool(_ members: Members, _ key: String, in path: String) throws(PolicyLine.Failure) -> Bool {
        switch value(members, key) {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case let other?: throw wrongType(path + key, want: "a boolean", got: other)
        }
    }

    static func object(_ members: Members, _ key: String, in path: String) throws(PolicyLine.Failure) -> Members {
        switch value(members, key) {
        case nil, .null?: return []
        case .object(let m)?: return m
        case let other?: throw wrongType(path + key, want: "an object", got: other)
        }
    }

    private static func value(_ members: Members, _ key: String) -> JSONValue? {
        // Byte comparison: field names are case- and code-point-exact, as in kube's JSON decoder.
        members.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    private static func wrongType(_ field: String, want: String, got: JSONValue) -> PolicyLine.Failure {
        PolicyLine.Failure(message: "field \(JSON.quote(field)) must be \(want), not \(got.typeName)")
    }
}
