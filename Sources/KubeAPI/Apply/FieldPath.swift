/// A path from an object's root to one of its fields (fieldpath.Path): `.spec.containers[name="web"].image`.
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var elements: [PathElement]

    public init(_ elements: [PathElement]) { self.elements = elements }
    public init(arrayLiteral elements: PathElement...) { self.elements = elements }

    /// A path of field names: `FieldPath(fields: "spec", "replicas")`.
    public init(fields: String...) { elements = fields.map { .field($0) } }

    public var description: String { elements.map(\.description).joined() }

    public static func < (a: FieldPath, b: FieldPath) -> Bool {
        for (l, r) in zip(a.elements, b.elements) {
            let c = PathElement.compare(l, r)
            if c != 0 { return c < 0 }
        }
        return a.elements.count < b.elements.count
    }

    func appending(_ element: PathElement) -> FieldPath { FieldPath(elements + [element]) }
}
