/// What changed between two versions of an object (TypedValue.Compare): the fields `new` added, the fields
/// whose values differ, and the fields it removed. A leaf or atomic value is one field; an object or
/// associative list counts as added or removed itself when it appears or disappears whole.
public struct ObjectComparison: Sendable, Equatable {
    public var added = FieldSet()
    public var modified = FieldSet()
    public var removed = FieldSet()

    public var isSame: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }

    /// Comparison.FilterFields with an exclude filter: drops the reset fields and what is below them.
    func excluding(_ fields: FieldSet) -> ObjectComparison {
        guard !fields.isEmpty else { return self }
        return ObjectComparison(
            added: added.recursiveDifference(fields), modified: modified.recursiveDifference(fields),
            removed: removed.recursiveDifference(fields))
    }

    /// Compares two objects as kube compares their typed (Go struct) forms: a null member of an optional
    /// field is unset, and a required field of an object that exists is there, null when unset (so a pod's
    /// `containers` never counts as added: the empty Pod a create starts from has it).
    init(_ lhs: JSONValue?, _ rhs: JSONValue?, type: FieldType, schema: ApplySchema) {
        var walker = Walker(schema: schema)
        var path: [PathElement] = []
        walker.compare(lhs, rhs, type, &path)
        self = walker.result
    }

    init(added: FieldSet = FieldSet(), modified: FieldSet = FieldSet(), removed: FieldSet = FieldSet()) {
        self.added = added
        self.modified = modified
        self.removed = removed
    }

    private struct Walker {
        let schema: ApplySchema
        var result = ObjectComparison()

        mutating func compare(_ lhs: JSONValue?, _ rhs: JSONValue?, _ type: FieldType, _ path: inout [PathElement]) {
            guard lhs != nil || rhs != nil else { return }
            if isLeaf(lhs, rhs, type) {
                if lhs == nil {
                    result.added.insert(FieldPath(path))
                } else if rhs == nil {
                    result.removed.insert(FieldPath(path))
                } else if lhs! != rhs! {
                    result.modified.insert(FieldPath(path))
                }
                return
            }
            switch schema.container(type, for: rhs ?? lhs) {
            case .object: compareMembers(lhs, rhs, type, &path)
            case .list(let element, let kind): compareElements(lhs, rhs, element, kind, &path)
            case .leaf: break
            }
            if lhs == nil {
                result.added.insert(FieldPath(path))
            } else if rhs == nil {
                result.removed.insert(FieldPath(path))
            }
        }

        /// Scalars, atomic values, values whose form differs between the two, and containers empty on both
        /// sides (which keeps `{}` apart from unset).
        private func isLeaf(_ lhs: JSONValue?, _ rhs: JSONValue?, _ type: FieldType) -> Bool {
            if type.isAtomic { return true }
            switch schema.container(type, for: rhs ?? lhs) {
            case .leaf: return true
            case .object:
                guard Self.isObjectOrNil(lhs), Self.isObjectOrNil(rhs) else { return true }
                return (lhs?.members?.isEmpty ?? true) && (rhs?.members?.isEmpty ?? true)
            case .list:
                guard Self.isArrayOrNil(lhs), Self.isArrayOrNil(rhs) else { return true }
                return (lhs?.array?.isEmpty ?? true) && (rhs?.array?.isEmpty ?? true)
            }
        }

        static func isObjectOrNil(_ v: JSONValue?) -> Bool { v == nil || v?.isNull == true || v?.members != nil }
        static func isArrayOrNil(_ v: JSONValue?) -> Bool { v == nil || v?.isNull == true || v?.array != nil }

        private mutating func compareMembers(
            _ lhs: JSONValue?, _ rhs: JSONValue?, _ type: FieldType, _ path: inout [PathElement]
        ) {
            let left = Self.lastByKey(lhs?.members ?? []), right = Self.lastByKey(rhs?.members ?? [])
            var required = Set<String>()
            if case .structure(let name, _) = type { required = schema.structures[name]?.required ?? [] }
            /// A member as the Go struct holds it.
            func typed(_ key: String, _ value: JSONValue?, _ parent: JSONValue?) -> JSONValue? {
                let isRequired = required.contains(key)
                guard let value else { return isRequired && parent?.members != nil ? .null : nil }
                return value.isNull && !isRequired ? nil : value
            }
            for (key, value) in left.ordered {
                path.append(.field(key))
                compare(
                    typed(key, value, lhs), typed(key, right.values[key], rhs), schema.member(key, of: type).type, &path
                )
                path.removeLast()
            }
            for (key, value) in right.ordered where left.values[key] == nil {
                path.append(.field(key))
                compare(typed(key, nil, lhs), typed(key, value, rhs), schema.member(key, of: type).type, &path)
                path.removeLast()
            }
        }

        /// Members by key, the last of a repeated key winning (Go's decoding), in first-seen order.
        static func lastByKey(_ members: [(key: String, value: JSONValue)]) -> (
            ordered: [(String, JSONValue)], values: [String: JSONValue]
        ) {
            var values: [String: JSONValue] = [:]
            var order: [String] = []
            for m in members {
                if values.updateValue(m.value, forKey: m.key) == nil { order.append(m.key) }
            }
            return (order.map { ($0, values[$0]!) }, values)
        }

        /// Elements matched by key; an element repeated on a side is compared as one atomic whole.
        private mutating func compareElements(
            _ lhs: JSONValue?, _ rhs: JSONValue?, _ element: FieldType, _ kind: FieldType.ListKind,
            _ path: inout [PathElement]
        ) {
            var order: [PathElement] = []
            var left: [PathElement: [JSONValue]] = [:], right: [PathElement: [JSONValue]] = [:]
            for item in lhs?.array ?? [] {
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    continue
                }
                if left[pe] == nil { order.append(pe) }
                left[pe, default: []].append(item)
            }
            for item in rhs?.array ?? [] {
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    continue
                }
                if right[pe] == nil && left[pe] == nil { order.append(pe) }
                right[pe, default: []].append(item)
            }
            for pe in order {
                let l = left[pe] ?? [], r = right[pe] ?? []
                path.append(pe)
                defer { path.removeLast() }
                switch (l.count, r.count) {
                case (0...1, 0...1):
                    compare(l.first, r.first, element, &path)
                case (2..., 2...):
                    if l != r { result.modified.insert(FieldPath(path)) }
                case (2..., _):
                    // No longer repeated: the lone new element is new, the repeated marker goes.
                    if let only = r.first {
                        var inner = path
                        compare(nil, only, element, &inner)
                    }
                    result.removed.insert(FieldPath(path))
                default:
                    if let only = l.first {
                        var inner = path
                        compare(only, nil, element, &inner)
                    }
                    result.added.insert(FieldPath(path))
                }
            }
        }
    }
}
