/// Set operations that need the object's types.
extension FieldSet {
    /// EnsureNamedFieldsAreMembers: every declared field with something below it becomes a member too, so
    /// that removing such a set removes the field itself (a struct is owned by owning its fields; a map or
    /// list element is not owned by owning what is in it).
    func ensuringNamedFieldsAreMembers(_ type: FieldType, _ schema: ApplySchema) -> FieldSet {
        var out = FieldSet(members: members, children: [])
        out.children.reserveCapacity(children.count)
        for child in children {
            var childType = FieldType.deduced
            switch child.element {
            case .field(let name):
                let (t, declared) = schema.member(name, of: type)
                childType = t
                if declared { out.insertMember(child.element) }
            case .key:
                if case .list(let element, _) = type { childType = element }
            default:
                break
            }
            out.children.append(
                Child(element: child.element, set: child.set.ensuringNamedFieldsAreMembers(childType, schema)))
        }
        return out
    }
}
