/// The descriptions of the registry's messages and fields: the proto comments of k8s.io/api and
/// k8s.io/apimachinery as kube-openapi formats them, which is the text `kubectl explain` shows
/// (share/codegen/schema_docs.py → GeneratedDescriptions.swift). Only the OpenAPI documents read them, so the
/// table is parsed the first time a document is built, never at start-up or on the request path.
public enum SchemaDescriptions {
    /// `{definition: text, "definition.field": text}`.
    public static let shared: [String: String] = parse(generatedTable)

    /// The description of a message (`field` nil) or of one of its fields.
    public static func of(_ definition: String, field: String? = nil) -> String? {
        shared[field.map { definition + "." + $0 } ?? definition]
    }

    /// kube's descriptions of the two TypeMeta members every kind carries (they come from
    /// apimachinery's runtime package, not from the kinds' own comments).
    public static let apiVersion =
        "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
    public static let kind =
        "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"

    /// One line per entry, `key text`, the text with `\n`, `\t` and `\\` escaped.
    static func parse(_ table: String) -> [String: String] {
        var entries: [String: String] = [:]
        for line in table.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            entries[String(line[..<space])] = unescape(line[line.index(after: space)...])
        }
        return entries
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var out = "", escaped = false
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
