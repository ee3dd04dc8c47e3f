/// The patch formats a PATCH request names in its Content-Type, as kube-apiserver accepts them.
public enum PatchType: String, Sendable, CaseIterable {
    case json = "application/json-patch+json"
    case merge = "application/merge-patch+json"
    case strategic = "application/strategic-merge-patch+json"
    /// Server-side apply: the REST layer hands it to the field manager, not to `Patcher`.
    case apply = "application/apply-patch+yaml"

    /// The type a Content-Type header names. Like kube-apiserver, parameters (`; charset=utf-8`) are dropped
    /// and the rest must match exactly.
    public init?(contentType: String) {
        // On the bytes: every PATCH asks, and characters cost more than the rest of a small patch.
        let utf8 = contentType.utf8
        var essence = utf8[..<(utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex)]
        let blank = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        while let first = essence.first, blank(first) { essence = essence.dropFirst() }
        while let last = essence.last, blank(last) { essence = essence.dropLast() }
        self.init(rawValue: String(Substring(essence)))
    }

    /// What a 415 lists as accepted, in kube-apiserver's order (apply-patch+cbor is behind a feature gate
    /// that 1.32 leaves off).
    public static let supported: [PatchType] = [.json, .merge, .strategic, .apply]
}
