/// The patch formats a PATCH request names in its Content-Type, as kube-apiserver accepts them.
public enum PatchType: String, Sendable, CaseIterable {
    case json = "application/json-patch+json"
    case merge = "application/merge-patch+json"
    case strategic = "application/strategic-merge-patch+json"
    /// Server-side apply: recognised so it can be refused with kube's own 415 until field managers exist.
    case apply = "application/apply-patch+yaml"

    /// The type a Content-Type header names. Like kube-apiserver, parameters (`; charset=utf-8`) are dropped
    /// and the rest must match exactly.
    public init?(contentType: String) {
        let essence = contentType.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        self.init(rawValue: String(essence.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
    }

    /// What a 415 lists as accepted: the types served today (apply is left out while it is unsupported).
    public static let supported: [PatchType] = [.json, .merge, .strategic]
}
