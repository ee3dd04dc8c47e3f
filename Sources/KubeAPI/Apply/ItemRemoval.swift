/// Removes fields from a value (TypedValue.RemoveItems): the members of the set go, with everything below
/// them; descending follows the set's children. An object or list left empty goes too, and so does a member
/// left null: kube converts the result back to a typed object, where neither survives.
struct ItemRemoval {
    let schema: ApplySchema

    func removing(_ toRemove: FieldSet, from value: JSONValue, type: FieldType) -> JSONValue? {
        if toRemove.isEmpty { return value }
        switch schema.container(type, for: value) {
        case .leaf:
            return value
        case .object:
            guard case .object(let members) = value, !members.isEmpty, !type.isAtomic else { return nil }
            var out: [(key: String, value: JSONValue)] = []
            out.reserveCapacity(members.count)
            for m in members {
                let element = PathElement.field(m.key)
                if toRemove.hasMember(element) { continue }
                var kept: JSONValue? = m.value
                if let below = toRemove.child(element), !below.isEmpty {
                    kept = removing(below, from: m.value, type: schema.member(m.key, of: type).type)
                }
                if let kept, !kept.isNull || type == .deduced { out.append((m.key, kept)) }
            }
            return out.isEmpty ? nil : .object(out)
        case .list(let element, let kind):
            guard case .array(let items) = value, !items.isEmpty, kind != .atomic else { return nil }
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .success(let pe) = schema.pathElement(of: item, element: element, kind: kind) else {
                    out.append(item)
                    continue
                }
                if toRemove.hasMember(pe) { continue }
                if let below = toRemove.child(pe), !below.isEmpty {
                    out.append(removing(below, from: item, type: element) ?? .null)
                } else {
                    out.append(item)
                }
            }
            return out.isEmpty ? nil : .array(out)
        }
    }
}
