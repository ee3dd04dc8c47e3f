/// One `Invalid` (422) cause: field path, kube's cause type, message.
public struct FieldError: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case required = "FieldValueRequired", invalid = "FieldValueInvalid", notSupported = "FieldValueNotSupported",
            forbidden = "FieldValueForbidden", tooLong = "FieldValueTooLong"
    }
    public var kind: Kind
    public var field: String
    public var detail: String
    public var value: String?
    /// False for a number, which Go's `%#v` writes bare (`Invalid value: 100`).
    public var quotesValue: Bool

    public init(kind: Kind, field: String, detail: String, value: String? = nil, quotesValue: Bool = true) {
        self.kind = kind
        self.field = field
        self.detail = detail
        self.value = value
        self.quotesValue = quotesValue
    }

    /// kube's field error text: `metadata.name: Invalid value: "X": detail`.
    public var message: String {
        switch kind {
        case .required: return "\(field): Required value\(detail.isEmpty ? "" : ": \(detail)")"
        // Go's %q: escapes and all.
        case .invalid:
            return "\(field): Invalid value: \(quotesValue ? GoQuote.quote(value ?? "") : value ?? ""): \(detail)"
        case .notSupported: return "\(field): Unsupported value: \"\(value ?? "")\": \(detail)"
        case .forbidden: return "\(field): Forbidden: \(detail)"
        // The value is never shown.
        case .tooLong: return "\(field): Too long: \(detail)"
        }
    }
}
