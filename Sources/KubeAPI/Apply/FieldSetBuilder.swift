/// The fields a value sets (TypedValue.ToFieldSet): every leaf, every element of an associative list, every
/// key of a map, and any field whose value is null or `{}`. An applied configuration's set is what its
/// manager owns after the apply.
struct FieldSetBuilder {
    let schema: ApplySchema

    func fieldSet(of value: JSONValue, type: FieldType) -> FieldSet {
        collect(value, type).inner
    }

    /// The set below a value, and whether the value's own path is a member (a leaf, or owned whole).
    private func collect(_ value: JSONValue, _ type: FieldType) -> (inner: FieldSet, member: Bool) {
        if type.isAtomic { return (FieldSet(), true) }
        switch schema.container(type, for: value) {
        case .leaf:
            return (FieldSet(), true)
        case .object:
            guard case .object(let members) = value else { return (FieldSet(), false) }
            var set = FieldSet()
            // A repeated key counts once, with its last value (as Go decodes it).
            let repeats = RepeatedKeys.any(in: members)
            var seen = Set<String>()
            for member in members.reversed() where !repeats || seen.insert(member.key).inserted {
                let (memberType, declared) = schema.member(member.key, of: type)
                let (inner, isMember) = collect(member.value, memberType)
                let element = PathElement.field(member.key)
                if isMember || !declared || member.value.isEmptyOrNull { set.insertMember(element) }
                if !inner.isEmpty { set.insertChild(element, inner) }
            }
            return (set, false)
        case .list(let element, let kind):
            guard case .array(let items) = value else { return (FieldSet(), false) }
            var set = FieldSet()
            var identified: [(PathElement, JSONValue)] = []
            identified.reserveCapacity(items.count)
            for item in items {
                // Validation has refused unidentifiable elements of applied configurations; stored objects'
                // are skipped, as upstream ignores the error.
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    continue
                }
                identified.append((pe, item))
            }
            // A duplicated element is owned as a whole, once.
            var duplicated = Set<PathElement>()
            if Self.repeats(identified.map(\.0)) {
                var seen = Set<PathElement>()
                for (pe, _) in identified where !seen.insert(pe).inserted && duplicated.insert(pe).inserted {
                    set.insertMember(pe)
                }
            }
            for (pe, item) in identified where duplicated.isEmpty || !duplicated.contains(pe) {
                let (inner, _) = collect(item, element)
                set.insertMember(pe)
                if !inner.isEmpty { set.insertChild(pe, inner) }
            }
            return (set, false)
        }
    }
}

extension FieldSetBuilder {
    /// Whether an element repeats (lists are short: scanned while short, hashed beyond).
    static func repeats(_ elements: [PathElement]) -> Bool {
        if elements.count <= RepeatedKeys.scanLimit {
            for i in elements.indices.dropFirst() where elements[..<i].contains(elements[i]) { return true }
            return false
        }
        return Set(elements).count < elements.count
    }
}

extension JSONValue {
    /// null or `{}`: values whose field is owned although nothing below it is.
    var isEmptyOrNull: Bool {
        switch self {
        case .null: true
        case .object(let m): m.isEmpty
        default: false
        }
    }
}

extension FieldSet {
    mutating func insertMember(_ element: PathElement) {
        Self.insertSorted(element, into: &members)
    }

    /// Adds `set` below `element`, merging with what is there.
    mutating func insertChild(_ element: PathElement, _ set: FieldSet) {
        if let last = children.last, PathElement.compare(last.element, element) < 0 {
            children.append(Child(element: element, set: set))
            return
        }
        let i = Self.lowerBound(element, count: children.count) { children[$0].element }
        if i < children.count, children[i].element == element {
            children[i].set = children[i].set.union(set)
        } else {
            children.insert(Child(element: element, set: set), at: i)
        }
    }
}
