import Synchronization

/// The creators' fields of one endpoint, by object shape. What a create gives its creator (CreatedFieldSet)
/// depends on which members the object has, which of them are null or `{}`, its TypeMeta and what its lists
/// hold, not on its other values; programs create objects of one shape over and over (a controller's pods, a
/// client's configmaps), so the FieldsV1 of each shape is worked out once. Bounded: a full memo starts over.
public final class CreatedFieldsMemo: Sendable {
    /// Shapes kept at most.
    static let maxEntries = 256
    /// An object whose shape is longer than this is worked out every time.
    static let maxShapeBytes = 8 << 10

    /// The FieldsV1 of each shape, nil when the creator owns nothing.
    private let entries = Mutex<[[UInt8]: JSONValue?]>([:])

    public init() {}

    /// The creator's FieldsV1 for `object` (nil: nothing owned), from the memo or from `work`.
    func fieldsV1(of object: JSONValue, _ work: () -> FieldSet) -> JSONValue? {
        var shape: [UInt8] = []
        Self.writeShape(object, root: true, into: &shape)
        guard shape.count <= Self.maxShapeBytes else { return Self.fieldsV1(work()) }
        if let known = entries.withLock({ $0[shape] }) { return known }
        let computed = Self.fieldsV1(work())
        entries.withLock { entries in
            if entries.count >= Self.maxEntries { entries = [:] }
            entries[shape] = computed
        }
        return computed
    }

    private static func fieldsV1(_ set: FieldSet) -> JSONValue? { set.isEmpty ? nil : set.fieldsV1 }

    /// What the set depends on, and nothing else: every key in order (repeated ones too), whether each value
    /// is null, an object (and its shape), a list (all of it: elements are owned by their keys or values) or
    /// another scalar; TypeMeta as it is.
    static func writeShape(_ value: JSONValue, root: Bool = false, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(UInt8(ascii: "n"))
        case .bool, .number, .string: out.append(UInt8(ascii: "s"))
        case .array: value.write(into: &out)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for m in members {
                JSONValue.writeString(m.key, into: &out)
                if root && (m.key == "kind" || m.key == "apiVersion") {
                    m.value.write(into: &out)
                } else {
                    writeShape(m.value, into: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
