/// Checks an applied configuration against the schema as kube's typed conversion does before merging
/// (typed/validate.go): members the type does not declare, scalars of the wrong kind, list elements that
/// cannot be identified or are repeated. Messages carry upstream's path prefixes and wording.
struct ApplyValidation {
    let schema: ApplySchema

    /// The errors, each `path: message`, in document order.
    func errors(in value: JSONValue, type: FieldType) -> [String] {
        var out: [String] = []
        var path: [Step] = []
        validate(value, type, path: &path, into: &out)
        return out
    }

    /// Where the walk is: rendered into the message's path prefix only when something is wrong.
    private enum Step {
        case member(String)
        case element(PathElement)
    }

    private static func prefix(_ path: [Step]) -> String {
        path.map {
            switch $0 {
            case .member(let key): "." + key
            case .element(let pe): pe.description
            }
        }.joined()
    }

    /// ValidationErrors.Error(): one error alone, several under "errors:".
    static func message(_ errors: [String]) -> String {
        errors.count == 1 ? errors[0] : (["errors:"] + errors.map { "  " + $0 }).joined(separator: "\n")
    }

    private func validate(_ value: JSONValue, _ type: FieldType, path: inout [Step], into out: inout [String]) {
        func fail(_ message: String) { out.append(path.isEmpty ? message : "\(Self.prefix(path)): \(message)") }
        if case .null = value { return }
        switch type {
        case .scalar(let kind):
            if let problem = Self.scalarProblem(value, kind) { fail(problem) }
            return
        case .untypedAtomic:
            return
        default:
            break
        }
        switch schema.container(type, for: value) {
        case .leaf:
            return
        case .object:
            guard case .object(let members) = value else { return fail("expected map, got \(Self.goPointer(value))") }
            for m in members {
                let (memberType, declared) = schema.member(m.key, of: type)
                if !declared, case .structure = type {
                    // Upstream stops at the first undeclared member of an object.
                    out.append("\(Self.prefix(path)).\(m.key): field not declared in schema")
                    return
                }
                path.append(.member(m.key))
                validate(m.value, memberType, path: &path, into: &out)
                path.removeLast()
            }
        case .list(let element, let kind):
            guard case .array(let items) = value else { return fail("expected list, got \(Self.goPointer(value))") }
            var seen = Set<PathElement>()
            for (i, item) in items.enumerated() {
                var pe = PathElement.index(i)
                if kind != .atomic {
                    switch schema.pathElement(of: item, element: element, kind: kind) {
                    case .failure(let error):
                        // An element that cannot be identified ends the list's checks.
                        return fail("element \(i): \(error.message)")
                    case .success(let identified):
                        pe = identified
                        if !seen.insert(pe).inserted { fail("duplicate entries for key \(pe)") }
                    }
                }
                path.append(.element(pe))
                validate(item, element, path: &path, into: &out)
                path.removeLast()
            }
        }
    }

    /// validateScalar's messages, with Go's renderings of the offending value.
    static func scalarProblem(_ value: JSONValue, _ kind: FieldType.ScalarKind) -> String? {
        switch kind {
        case .numeric:
            if case .number = value { return nil }
            return "expected numeric (int or float), got \(GoFormat.typeName(value))"
        case .string:
            if case .string = value { return nil }
            return "expected string, got &value.valueUnstructured{Value:\(goSyntax(value))}"
        case .boolean:
            if case .bool = value { return nil }
            return "expected boolean, got \(goPointer(value))"
        case .untyped:
            switch value {
            case .object, .array: return "expected any scalar, got \(goPointer(value))"
            default: return nil
            }
        }
    }

    /// `%v` of a value.Value (a pointer to a struct holding the decoded value): `&{5}`.
    static func goPointer(_ v: JSONValue) -> String { "&{\(GoFormat.value(v))}" }

    /// `%#v` of a decoded JSON value: `3`, `"x"`, `map[string]interface {}{"a":"b"}`.
    static func goSyntax(_ v: JSONValue) -> String {
        switch v {
        case .null: return "interface {}(nil)"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return GoQuote.quote(s)
        case .array(let items): return "[]interface {}{" + items.map(goSyntax).joined(separator: ", ") + "}"
        case .object(let members):
            return "map[string]interface {}{"
                + members.sorted { $0.key < $1.key }.map { "\(GoQuote.quote($0.key)):\(goSyntax($0.value))" }
                .joined(separator: ", ") + "}"
        }
    }
}
