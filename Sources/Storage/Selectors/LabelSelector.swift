/// A Kubernetes label selector: requirements joined by commas, all of which must hold.
/// `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1` as in k8s.io/apimachinery's
/// labels.Parse; "" selects everything.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    public var requirements: [LabelRequirement]

    public init(_ requirements: [LabelRequirement] = []) { self.requirements = requirements }

    public static let everything = LabelSelector()

    public init(parsing text: String) throws(StoreError) {
        var parser = LabelSelectorParser(text)
        requirements = try parser.parse()
    }

    public var isEverything: Bool { requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(value: labels[$0.key]) }
    }

    /// Looks up only the labels the requirements name, in the object's packed metadata.
    func matches(_ object: StoredObject) -> Bool {
        requirements.allSatisfy { $0.matches(value: object.label($0.key)) }
    }

    public var description: String { requirements.map(\.description).joined(separator: ",") }
}

public struct LabelRequirement: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable {
        case equals = "=", notEquals = "!=", `in` = "in", notIn = "notin", exists = "exists",
            doesNotExist = "!", greaterThan = ">", lessThan = "<"
    }

    public var key: String
    public var op: Operator
    public var values: [String]

    public init(key: String, op: Operator, values: [String] = []) {
        self.key = key
        self.op = op
        self.values = values
    }

    /// k8s semantics: `!=` and `notin` also match objects without the label; `>`/`<` need an integer value.
    public func matches(_ labels: [String: String]) -> Bool { matches(value: labels[key]) }

    /// `value`: the object's value for `key`, nil when it has no such label.
    func matches(value: String?) -> Bool {
        switch op {
        case .equals, .in: return value.map(values.contains) ?? false
        case .notEquals, .notIn: return value.map { !values.contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        case .greaterThan, .lessThan:
            guard let have = value.flatMap({ Int64($0) }), let bound = values.first.flatMap({ Int64($0) }) else {
                return false
            }
            return op == .greaterThan ? have > bound : have < bound
        }
    }

    public var description: String {
        switch op {
        case .exists: return key
        case .doesNotExist: return "!\(key)"
        case .in, .notIn: return "\(key) \(op.rawValue) (\(values.joined(separator: ",")))"
        default: return "\(key)\(op.rawValue)\(values.first ?? "")"
        }
    }
}
