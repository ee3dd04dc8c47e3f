/// Who owns a set of fields: a manager name with the operation and, for updates, the API version and
/// subresource it wrote through. kube keys managers by the JSON of these (BuildManagerIdentifier), so two
/// entries with the same identity collapse into one, and conflict messages sort managers by that text.
public struct ManagerIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let manager: String
    /// "Apply" or "Update".
    public let operation: String
    /// Empty for appliers: one applier owns its fields whatever version it applies in.
    public let apiVersion: String
    public let subresource: String
    /// json.Marshal of the ManagedFieldsEntry with only these fields: the map key upstream uses.
    public let identifier: String

    public static let apply = "Apply"
    public static let update = "Update"

    public init(manager: String, operation: String, apiVersion: String, subresource: String) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = operation == Self.apply ? "" : apiVersion
        self.subresource = subresource
        var out: [UInt8] = []
        out.reserveCapacity(64 + manager.utf8.count)
        out.append(UInt8(ascii: "{"))
        func member(_ name: StaticString, _ value: String) {
            guard !value.isEmpty else { return }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
            FieldValue.writeGoString(value, into: &out)
        }
        member("manager", manager)
        member("operation", operation)
        member("apiVersion", self.apiVersion)
        member("subresource", subresource)
        out.append(UInt8(ascii: "}"))
        identifier = String(decoding: out, as: UTF8.self)
    }

    /// A placeholder manager that is not a JSON identifier (upstream's "current-operation").
    init(placeholder: String) {
        manager = placeholder
        operation = ""
        apiVersion = ""
        subresource = ""
        identifier = placeholder
    }

    public var isApply: Bool { operation == Self.apply }

    public static func == (a: ManagerIdentity, b: ManagerIdentity) -> Bool { a.identifier == b.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
    public static func < (a: ManagerIdentity, b: ManagerIdentity) -> Bool {
        FieldValue.bytewise(a.identifier, b.identifier) < 0
    }

    /// printManager, as conflict messages name a manager: `"kubectl"`, `"kube-controller-manager" using v1`,
    /// `"kubelet" with subresource "status" using v1`.
    public var description: String {
        var text = GoQuote.quote(manager)
        if !subresource.isEmpty { text += " with subresource \(GoQuote.quote(subresource))" }
        if operation == Self.update { text += " using \(apiVersion)" }
        return text
    }
}
