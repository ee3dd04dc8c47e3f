/// How the walkers see into a value of a type: which type each member of an object has, how a list
/// element is identified.
extension ApplySchema {
    /// What a value of `type` holds: members (objects), elements (lists), or nothing to descend into.
    enum Container {
        case leaf
        case object
        case list(element: FieldType, kind: FieldType.ListKind)
    }

    /// deduceAtom: the form `type` takes for `value`; a mismatch (an object where a list is declared) keeps
    /// the declared form, which then finds nothing inside, as upstream's walkers do.
    func container(_ type: FieldType, for value: JSONValue?) -> Container {
        switch type {
        case .scalar, .untypedAtomic: return .leaf
        case .structure, .map: return .object
        case .list(let element, let kind): return .list(element: element, kind: kind)
        case .deduced:
            switch value {
            case .object?: return .object
            case .array?: return .list(element: .untypedAtomic, kind: .atomic)
            case .null?, nil: return .object
            default: return .leaf
            }
        }
    }

    /// The type of member `key` of an object of `type`, and whether it is a declared field (a struct's)
    /// rather than a key of a map.
    func member(_ key: String, of type: FieldType) -> (type: FieldType, declared: Bool) {
        switch type {
        case .structure(let i, _):
            if let t = structureList[i].fields[key] { return (t, true) }
            return (.deduced, false)
        case .map(let element, _): return (element, false)
        default: return (.deduced, false)
        }
    }

    /// listItemToPathElement: the element's key fields (missing ones from their `+default`), or its value
    /// for a set. The error is upstream's text.
    func pathElement(of item: JSONValue, element: FieldType, kind: FieldType.ListKind) -> Result<
        PathElement, ElementError
    > {
        switch kind {
        case .atomic:
            return .failure(ElementError(message: "invalid indexing of non-associative list"))
        case .map(let keys):
            guard case .object(let members) = item else {
                if case .null = item {
                    return .failure(ElementError(message: "associative list with keys may not have a null element"))
                }
                return .failure(ElementError(message: "associative list with keys may not have non-map elements"))
            }
            var fields: [(String, JSONValue)] = []
            fields.reserveCapacity(keys.count)
            for key in keys {
                if let value = members.last(where: { $0.key == key })?.value {
                    fields.append((key, value))
                } else if let value = structure(element)?.defaults[key] {
                    fields.append((key, value))
                } else {
                    return .failure(
                        ElementError(
                            message:
                                "associative list with keys has an element that omits key field \(GoQuote.quote(key)) (and doesn't have default value)"
                        ))
                }
            }
            return .success(.key(fields))
        case .set:
            switch item {
            case .object:
                return .failure(ElementError(message: "associative list without keys has an element that's a map type"))
            case .array:
                return .failure(ElementError(message: "not supported: associative list with lists as elements"))
            case .null:
                return .failure(
                    ElementError(message: "associative list without keys has an element that's an explicit null"))
            default: return .success(.value(FieldValue(item)))
            }
        }
    }

    /// Whether `pathElement(of:)` succeeds for the item, found without building the element.
    func identifies(_ item: JSONValue, element: FieldType, kind: FieldType.ListKind) -> Bool {
        switch kind {
        case .atomic: return false
        case .map(let keys):
            guard case .object(let members) = item else { return false }
            return keys.allSatisfy { key in
                if members.contains(where: { $0.key == key }) { return true }
                return structure(element)?.defaults[key] != nil
            }
        case .set:
            switch item {
            case .object, .array, .null: return false
            default: return true
            }
        }
    }

    struct ElementError: Error, Equatable {
        let message: String
    }
}
