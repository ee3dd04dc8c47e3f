/// The fields a create gives its creator: what the new object adds to, or changes in, the empty object
/// kube's typed conversion starts from (`ObjectComparison(typed(nil), typed(new))`'s added and modified
/// sets), found in one walk. Every write of a new object pays for it, so it builds one set and nothing
/// else; the comparison's rules are the ones it follows: a container that appears is itself a member, a
/// null optional member is unset, a required member of an object that exists is there as null.
struct CreatedFieldSet {
    let schema: ApplySchema

    /// The creator's set for `object` of `type` (the `kind` in `apiVersion`, managedFields taken out),
    /// without the fields the endpoint resets (`reset`, with everything below them) and those no manager
    /// owns (`stripped`, only those paths): both applied on the way rather than to the set afterwards.
    func fieldSet(
        of object: JSONValue, kind: String, apiVersion: String, type: FieldType, reset: FieldSet, stripped: FieldSet
    ) -> FieldSet {
        guard case .object = object else { return FieldSet() }
        let declared = schema.structure(type)?.fields ?? [:]
        let required = requiredMembers(type)
        var out = Builder()
        for m in members(object) {
            let element = PathElement.field(m.key)
            if reset.hasMember(element) { continue }
            guard let new = Self.typed(m.value, isRequired: required.contains(m.key)) else { continue }
            let memberType = schema.member(m.key, of: type).type
            let (resetBelow, strippedBelow) = (reset.child(element), stripped.child(element))
            // What the empty object kube starts from has: TypeMeta, and metadata, spec and status as `{}`
            // (Go structs); a required member as null.
            var child: (set: FieldSet, isMember: Bool)
            if m.key == "kind" || m.key == "apiVersion" {
                child = (FieldSet(), new != .string(m.key == "kind" ? kind : apiVersion))
            } else if m.key == "metadata" || ((m.key == "spec" || m.key == "status") && declared[m.key] != nil) {
                child = changed(new, from: .emptyObject, memberType, reset: resetBelow, stripped: strippedBelow)
            } else {
                let before: Before = required.contains(m.key) ? .null : .absent
                child = changed(new, from: before, memberType, reset: resetBelow, stripped: strippedBelow)
            }
            if stripped.hasMember(element) { child.isMember = false }
            out.add(child, at: element)
        }
        return out.set
    }

    /// The value a member stands for: a null optional member is unset.
    private static func typed(_ value: JSONValue, isRequired: Bool) -> JSONValue? {
        value.isNull && !isRequired ? nil : value
    }

    private func requiredMembers(_ type: FieldType) -> Set<String> {
        schema.structure(type)?.required ?? []
    }

    /// Members by key, a repeated key once with its last value.
    private func members(_ value: JSONValue) -> [(key: String, value: JSONValue)] {
        let members = value.members ?? []
        return RepeatedKeys.any(in: members) ? RepeatedKeys.collapsed(members) : members
    }

    /// What the value's own path was before: absent from its parent, null, or `{}`.
    private enum Before { case absent, null, emptyObject }

    /// A value where there was none: it and everything in it.
    private func added(_ value: JSONValue, _ type: FieldType, reset: FieldSet?, stripped: FieldSet?) -> (
        set: FieldSet, isMember: Bool
    ) {
        changed(value, from: .absent, type, reset: reset, stripped: stripped)
    }

    /// The set below `value` and whether its own path is added or modified, given what was there; `reset`
    /// and `stripped` are what of the two filters lies below the value (nil: nothing).
    private func changed(
        _ value: JSONValue, from before: Before, _ type: FieldType, reset: FieldSet?, stripped: FieldSet?
    ) -> (set: FieldSet, isMember: Bool) {
        if isLeaf(value, before, type) {
            switch (before, value) {
            case (.absent, _): return (FieldSet(), true)
            case (.null, .null): return (FieldSet(), false)
            case (.emptyObject, .object(let members)) where members.isEmpty: return (FieldSet(), false)
            default: return (FieldSet(), true)
            }
        }
        var out = Builder()
        switch schema.container(type, for: value) {
        case .object:
            let required = requiredMembers(type)
            for m in members(value) {
                let isRequired = !required.isEmpty && required.contains(m.key)
                guard let new = Self.typed(m.value, isRequired: isRequired) else { continue }
                // A required member of an object that was `{}` was there, as null.
                let memberBefore: Before = before == .emptyObject && isRequired ? .null : .absent
                let element = PathElement.field(m.key)
                out.add(
                    filtered(element, reset, stripped) {
                        changed(new, from: memberBefore, schema.member(m.key, of: type).type, reset: $0, stripped: $1)
                    }, at: element)
            }
        case .list(let element, let kind):
            var elements: [(pe: PathElement, item: JSONValue, repeated: Bool)] = []
            for item in value.array ?? [] {
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    continue
                }
                if let i = elements.firstIndex(where: { $0.pe == pe }) {
                    elements[i].repeated = true
                } else {
                    elements.append((pe, item, false))
                }
            }
            for e in elements {
                // A repeated element is added as one whole.
                out.add(
                    filtered(e.pe, reset, stripped) {
                        e.repeated ? (FieldSet(), true) : added(e.item, element, reset: $0, stripped: $1)
                    }, at: e.pe)
            }
        case .leaf:
            break
        }
        return (out.set, before == .absent)
    }

    /// A child's set and membership with the filters applied: nil when reset (it and all below it go), not a
    /// member when stripped.
    private func filtered(
        _ element: PathElement, _ reset: FieldSet?, _ stripped: FieldSet?,
        _ child: (FieldSet?, FieldSet?) -> (set: FieldSet, isMember: Bool)
    ) -> (set: FieldSet, isMember: Bool)? {
        if let reset, reset.hasMember(element) { return nil }
        var result = child(reset?.child(element), stripped?.child(element))
        if let stripped, stripped.hasMember(element) { result.isMember = false }
        return result
    }

    /// As the comparison's leaves, for a left side that is absent, null or `{}`.
    private func isLeaf(_ value: JSONValue, _ before: Before, _ type: FieldType) -> Bool {
        if type.isAtomic { return true }
        switch schema.container(type, for: value) {
        case .leaf: return true
        case .object:
            switch value {
            case .null: return true
            case .object(let members): return members.isEmpty
            default: return true
            }
        case .list:
            if before == .emptyObject { return true }
            switch value {
            case .null: return true
            case .array(let items): return items.isEmpty
            default: return true
            }
        }
    }

    /// A set assembled from its members and children in any order, sorted once at the end.
    private struct Builder {
        var members: [PathElement] = []
        var children: [FieldSet.Child] = []

        mutating func add(_ child: (set: FieldSet, isMember: Bool)?, at element: PathElement) {
            guard let child else { return }
            if child.isMember { members.append(element) }
            if !child.set.isEmpty { children.append(FieldSet.Child(element: element, set: child.set)) }
        }

        var set: FieldSet {
            FieldSet(
                members: Self.isSorted(members, by: { $0 })
                    ? members : members.sorted { PathElement.compare($0, $1) < 0 },
                children: Self.isSorted(children, by: \.element)
                    ? children : children.sorted { PathElement.compare($0.element, $1.element) < 0 })
        }

        /// Members often come in order already (objects written by programs sort their keys).
        static func isSorted<T>(_ items: [T], by element: (T) -> PathElement) -> Bool {
            items.indices.dropFirst().allSatisfy { PathElement.compare(element(items[$0 - 1]), element(items[$0])) < 0 }
        }
    }
}
