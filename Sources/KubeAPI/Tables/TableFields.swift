/// Reading fields the way Go's typed structs see them: absent and null are the zero value.
enum TableFields {
    static func value(_ object: JSONValue?, _ path: [String]) -> JSONValue? {
        var current = object
        for key in path { current = current?[key] }
        if let current, current.isNull { return nil }
        return current
    }

    static func string(_ object: JSONValue?, _ path: String...) -> String { value(object, path)?.string ?? "" }
    static func int(_ object: JSONValue?, _ path: String...) -> Int { value(object, path)?.int ?? 0 }
    static func bool(_ object: JSONValue?, _ path: String...) -> Bool { value(object, path)?.bool ?? false }
    static func array(_ object: JSONValue?, _ path: String...) -> [JSONValue] { value(object, path)?.array ?? [] }
    static func present(_ object: JSONValue?, _ path: String...) -> JSONValue? { value(object, path) }

    /// Entries of a map (`data`) or items of a list (`secrets`).
    static func count(_ object: JSONValue?, _ path: String...) -> Int {
        let v = value(object, path)
        return v?.members?.count ?? v?.array?.count ?? 0
    }

    /// `labels.FormatLabels`: `k=v` sorted by key, comma-joined; `<none>` when empty.
    static func formatLabels(_ object: JSONValue?, _ path: String...) -> String {
        let pairs = (value(object, path)?.members ?? []).map { "\($0.key)=\($0.value.string ?? "")" }
        return pairs.isEmpty ? "<none>" : pairs.sorted().joined(separator: ",")
    }

    static func name(_ object: JSONValue) -> String { string(object, "metadata", "name") }

    static func age(_ object: JSONValue, now: Int64) -> String {
        TableDuration.since(TableTime.parse(value(object, ["metadata", "creationTimestamp"])), now: now)
    }
}
