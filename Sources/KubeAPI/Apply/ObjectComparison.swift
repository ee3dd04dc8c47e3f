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
        // The whole object's own path is never a field.
        let root = Walker(schema: schema).compare(lhs, rhs, type)
        self.init(added: root.added, modified: root.modified, removed: root.removed)
    }

    init(added: FieldSet = FieldSet(), modified: FieldSet = FieldSet(), removed: FieldSet = FieldSet()) {
        self.added = added
        self.modified = modified
        self.removed = removed
    }

    /// The comparison is built bottom up: each value's sets are relative to it, and its parent files them
    /// under the value's path element.
    private struct Node {
        var added = FieldSet(), modified = FieldSet(), removed = FieldSet()
        /// The value's own path was added, modified or removed.
        var isAdded = false, isModified = false, isRemoved = false

        mutating func attach(_ child: Node, at element: PathElement) {
            if child.isAdded { added.insertMember(element) }
            if child.isModified { modified.insertMember(element) }
            if child.isRemoved { removed.insertMember(element) }
            if !child.added.isEmpty { added.insertChild(element, child.added) }
            if !child.modified.isEmpty { modified.insertChild(element, child.modified) }
            if !child.removed.isEmpty { removed.insertChild(element, child.removed) }
        }
    }

    private struct Walker {
        let schema: ApplySchema

        func compare(_ lhs: JSONValue?, _ rhs: JSONValue?, _ type: FieldType) -> Node {
            var node = Node()
            guard lhs != nil || rhs != nil else { return node }
            if isLeaf(lhs, rhs, type) {
                if lhs == nil {
                    node.isAdded = true
                } else if rhs == nil {
                    node.isRemoved = true
                } else if lhs! != rhs! {
                    node.isModified = true
                }
                return node
            }
            switch schema.container(type, for: rhs ?? lhs) {
            case .object: compareMembers(lhs, rhs, type, into: &node)
            case .list(let element, let kind): compareElements(lhs, rhs, element, kind, into: &node)
            case .leaf: break
            }
            if lhs == nil {
                node.isAdded = true
            } else if rhs == nil {
                node.isRemoved = true
            }
            return node
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

        /// Members by key; a repeated key counts once, with its last value (Go's decoding).
        private func compareMembers(_ lhs: JSONValue?, _ rhs: JSONValue?, _ type: FieldType, into node: inout Node) {
            var left = lhs?.members ?? [], right = rhs?.members ?? []
            if RepeatedKeys.any(in: left) { left = RepeatedKeys.collapsed(left) }
            if RepeatedKeys.any(in: right) { right = RepeatedKeys.collapsed(right) }
            let required = schema.structure(type)?.required ?? []
            /// A member as the Go struct holds it.
            func typed(_ key: String, _ value: JSONValue?, _ parent: JSONValue?) -> JSONValue? {
                let isRequired = !required.isEmpty && required.contains(key)
                guard let value else { return isRequired && parent?.members != nil ? .null : nil }
                return value.isNull && !isRequired ? nil : value
            }
            let leftIndex = left.count > RepeatedKeys.scanLimit ? RepeatedKeys.index(left) : nil
            let rightIndex = right.count > RepeatedKeys.scanLimit ? RepeatedKeys.index(right) : nil
            func value(_ key: String, in members: [(key: String, value: JSONValue)], _ index: [String: Int]?)
                -> JSONValue?
            {
                if let index { return index[key].map { members[$0].value } }
                return members.first { $0.key == key }?.value
            }
            for (key, l) in left {
                let r = value(key, in: right, rightIndex)
                let child = compare(typed(key, l, lhs), typed(key, r, rhs), schema.member(key, of: type).type)
                node.attach(child, at: .field(key))
            }
            for (key, r) in right where value(key, in: left, leftIndex) == nil {
                let child = compare(typed(key, nil, lhs), typed(key, r, rhs), schema.member(key, of: type).type)
                node.attach(child, at: .field(key))
            }
        }

        /// Elements matched by key; an element repeated on a side is compared as one atomic whole.
        private func compareElements(
            _ lhs: JSONValue?, _ rhs: JSONValue?, _ element: FieldType, _ kind: FieldType.ListKind,
            into node: inout Node
        ) {
            let left = groups(lhs?.array ?? [], element, kind), right = groups(rhs?.array ?? [], element, kind)
            func compareGroups(_ pe: PathElement, _ l: [JSONValue], _ r: [JSONValue]) {
                switch (l.count, r.count) {
                case (0...1, 0...1):
                    node.attach(compare(l.first, r.first, element), at: pe)
                case (2..., 2...):
                    if l != r { node.modified.insertMember(pe) }
                case (2..., _):
                    // No longer repeated: the lone new element is new, the repeated marker goes.
                    var child = r.first.map { compare(nil, $0, element) } ?? Node()
                    child.isRemoved = true
                    node.attach(child, at: pe)
                default:
                    var child = l.first.map { compare($0, nil, element) } ?? Node()
                    child.isAdded = true
                    node.attach(child, at: pe)
                }
            }
            for (pe, l) in left.list { compareGroups(pe, l, right.items(pe)) }
            for (pe, r) in right.list where left.items(pe).isEmpty { compareGroups(pe, [], r) }
        }

        /// A list's identifiable elements grouped by path element, in first-seen order.
        private func groups(_ items: [JSONValue], _ element: FieldType, _ kind: FieldType.ListKind) -> Groups {
            var out = Groups()
            for item in items {
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    continue
                }
                out.add(pe, item)
            }
            return out
        }

        private struct Groups {
            var list: [(pe: PathElement, items: [JSONValue])] = []
            var index: [PathElement: Int]?

            func position(_ pe: PathElement) -> Int? {
                if let index { return index[pe] }
                return list.firstIndex { $0.pe == pe }
            }

            func items(_ pe: PathElement) -> [JSONValue] { position(pe).map { list[$0].items } ?? [] }

            mutating func add(_ pe: PathElement, _ item: JSONValue) {
                if let i = position(pe) {
                    list[i].items.append(item)
                    return
                }
                list.append((pe, [item]))
                if index != nil {
                    index![pe] = list.count - 1
                } else if list.count > RepeatedKeys.scanLimit {
                    index = Dictionary(
                        list.enumerated().map { ($0.element.pe, $0.offset) }, uniquingKeysWith: { a, _ in a })
                }
            }
        }
    }
}
