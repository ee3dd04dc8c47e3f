/// Server-side field validation (`fieldValidation=Strict|Warn`): the unknown and duplicate fields of a JSON
/// object of a served kind, named and worded as kube-apiserver's strict decoder names them.
public enum SchemaValidator {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case unknown, duplicate }
        public let kind: Kind
        /// The field's path: `spec.containers[0].imagee`.
        public let path: String
        /// `unknown field "spec.containers[0].imagee"` / `duplicate field "metadata.name"`.
        public var description: String { "\(kind == .unknown ? "unknown" : "duplicate") field \"\(path)\"" }
    }

    /// kube-apiserver reports at most this many, and each only once.
    public static let limit = 100

    /// The problems of `object` as a `kind` of `apiVersion`, in document order; nil when the kind is not served.
    public static func problems(in object: JSONValue, apiVersion: String, kind: String) -> [Problem]? {
        let registry = SchemaRegistry.shared
        guard let message = registry.message(apiVersion: apiVersion, kind: kind) else { return nil }
        var walk = Walk(registry: registry)
        walk.object(object, message, path: "", topLevel: true)
        return walk.problems
    }

    /// The 400 BadRequest message for `fieldValidation=Strict`:
    /// `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x", ...`.
    public static func strictMessage(kind: String, apiVersion: String, problems: [Problem]) -> String {
        let version = SchemaRegistry.split(apiVersion).version
        return "\(kind) in version \"\(version)\" cannot be handled as a \(kind): strict decoding error: "
            + problems.map(\.description).joined(separator: ", ")
    }

    /// The `Warning` header texts for `fieldValidation=Warn`, one per problem.
    public static func warnings(_ problems: [Problem]) -> [String] { problems.map(\.description) }

    struct Walk {
        let registry: SchemaRegistry
        var problems: [Problem] = []

        mutating func report(_ kind: Problem.Kind, _ path: String) {
            let problem = Problem(kind: kind, path: path)
            if problems.count < SchemaValidator.limit, !problems.contains(problem) { problems.append(problem) }
        }

        static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// Whether member `i`'s key came earlier in `members`. Objects are mostly a handful of members: those
        /// are compared with the earlier keys, without hashing into a set; bigger ones fill `seen` as they go.
        static func isDuplicate(_ i: Int, _ members: [(key: String, value: JSONValue)], _ seen: inout Set<String>)
            -> Bool
        {
            guard members.count > 8 else { return members[..<i].contains { $0.key == members[i].key } }
            return !seen.insert(members[i].key).inserted
        }

        // Paths are spelled only where a problem is reported or a message is walked into: scalar members,
        // most of an object, need neither.
        mutating func object(_ value: JSONValue, _ message: SchemaMessage, path: String, topLevel: Bool = false) {
            // type errors are the decoder's
            guard message.special == nil, case .object(let members) = value else { return }
            var seen = Set<String>()
            for (i, (key, child)) in members.enumerated() {
                if Self.isDuplicate(i, members, &seen) { report(.duplicate, Self.join(path, key)) }
                if topLevel || !message.kinds.isEmpty, key == "apiVersion" || key == "kind" { continue }
                guard let field = registry.jsonField(key, of: message) else {
                    report(.unknown, Self.join(path, key))
                    continue
                }
                if case .message = field.type {} else if !field.isMap { continue }  // a scalar or a list of them
                self.field(child, field, path: Self.join(path, key))
            }
        }

        mutating func field(_ value: JSONValue, _ field: SchemaField, path: String) {
            let ofMessages: Bool
            if case .message = field.type { ofMessages = true } else { ofMessages = false }
            if field.isMap {
                guard case .object(let entries) = value else { return }
                var seen = Set<String>()
                for (i, (key, item)) in entries.enumerated() {
                    if Self.isDuplicate(i, entries, &seen) { report(.duplicate, Self.join(path, key)) }
                    if ofMessages { element(item, field.type, path: Self.join(path, key)) }
                }
            } else if field.repeated {
                guard ofMessages, case .array(let items) = value else { return }
                for (i, item) in items.enumerated() { element(item, field.type, path: "\(path)[\(i)]") }
            } else {
                element(value, field.type, path: path)
            }
        }

        mutating func element(_ value: JSONValue, _ type: SchemaType, path: String) {
            guard case .message(let name) = type, let message = registry[name] else { return }
            object(value, message, path: path)
        }
    }
}
