/// Values rendered the way Go's `%v` and `reflect.TypeOf` print decoded JSON, because the messages kube's
/// patch libraries return embed them ("map: map[image:nginx] does not contain declared merge key: name").
enum GoFormat {
    /// `fmt.Sprintf("%v", v)` for a map[string]interface{} tree: maps print with sorted keys, strings bare.
    static func value(_ v: JSONValue) -> String {
        switch v {
        case .null: "<nil>"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n
        case .string(let s): s
        case .array(let a): "[" + a.map(value).joined(separator: " ") + "]"
        case .object(let m):
            "map[" + m.sorted { $0.key < $1.key }.map { "\($0.key):\(value($0.value))" }.joined(separator: " ") + "]"
        }
    }

    /// `reflect.TypeOf(v)` as printed. Integers decode to int64 in kube's patch path, other numbers to float64.
    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: "<nil>"
        case .bool: "bool"
        case .number(let n): Int64(n) != nil ? "int64" : "float64"
        case .string: "string"
        case .array: sliceType
        case .object: mapType
        }
    }

    static let mapType = "map[string]interface {}"
    static let sliceType = "[]interface {}"

    /// mergepatch.ErrBadArgType.
    static func badArgType(expected: String, _ actual: JSONValue?) -> String {
        "expected a \(expected), but received a \(actual.map(typeName) ?? "<nil>")"
    }

    /// mergepatch.ErrNoMergeKey.
    static func noMergeKey(_ m: JSONValue, _ key: String) -> String {
        "map: \(value(m)) does not contain declared merge key: \(key)"
    }

    /// mergepatch.ErrBadPatchType.
    static func badPatchType(_ directive: JSONValue, _ m: JSONValue) -> String {
        "unknown patch type: \(value(directive)) in map: \(value(m))"
    }
}
