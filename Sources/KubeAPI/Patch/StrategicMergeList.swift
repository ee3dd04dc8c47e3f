/// Merging lists with the "merge" strategy: lists of objects by merge key, with `$patch` elements;
/// lists of primitives as sets, or minus a `$deleteFromPrimitiveList`.
extension StrategicMergePatch {
    /// What a list holds, as Go's reflect types tell lists apart.
    enum ElementType: Equatable {
        case object, array, string, int, float, bool, null

        init(_ v: JSONValue) {
            switch v {
            case .object: self = .object
            case .array: self = .array
            case .string: self = .string
            case .number(let n): self = Int64(n) != nil ? .int : .float
            case .bool: self = .bool
            case .null: self = .null
            }
        }
    }

    /// mergeSlice.
    func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], _ strategy: PatchStrategy, path: [String],
        isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        guard let element = try Self.elementType(original, patch) else { return original }
        var original = original
        var patch = patch
        let merged: [JSONValue]
        if element != .object {
            if isDeleteList { return original.filter { item in !patch.contains { GoEquality.equal(item, $0) } } }
            merged = Self.deduplicated(original + patch)
        } else {
            guard let key = strategy.mergeKey else {
                throw PatchError.unclassified("cannot merge lists without merge key for \(path.joined(separator: "."))")
            }
            (original, patch) = try Self.applySpecialElements(original, patch, mergeKey: key)
            merged = try mergeElements(original, patch, mergeKey: key, path: path)
        }
        // Patch elements take the patch's order; the others keep theirs around them.
        let (patchItems, serverOnly) = try Self.partition(merged, by: patch, mergeKey: strategy.mergeKey)
        return try Self.normalizeOrder(
            patchItems, serverOnly, patchOrder: patch, serverOrder: original,
            mergeKey: strategy.mergeKey, objects: element == .object)
    }

    /// mergeSliceWithSpecialElements: `$patch: delete` elements remove their match from the original,
    /// `$patch: replace` makes the rest of the patch the whole list.
    static func applySpecialElements(
        _ original: [JSONValue], _ patch: [JSONValue],
        mergeKey: String
    ) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        var original = original
        var plain: [JSONValue] = []
        var replace = false
        for element in patch {
            let members = Members(element.members ?? [])
            guard let directive = members[Directive.marker] else {
                plain.append(element)
                continue
            }
            switch directive.string {
            case "delete":
                guard let value = members[mergeKey] else {
                    throw PatchError.unclassified(GoFormat.noMergeKey(element, mergeKey))
                }
                original.removeAll { GoEquality.equal(Members($0.members ?? [])[mergeKey], value) }
            case "replace":
                replace = true
            case "merge":
                throw PatchError.unclassified("merging lists cannot yet be specified in the patch")
            default:
                throw PatchError.unclassified(GoFormat.badPatchType(directive, element))
            }
        }
        return replace ? (plain, []) : (original, plain)
    }

    /// mergeSliceWithoutSpecialElements: an element whose key matches merges into it, a new one is appended.
    func mergeElements(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String,
        path: [String]
    ) throws(PatchError) -> [JSONValue] {
        var result = original
        for element in patch {
            let members = Members(element.members ?? [])
            guard let value = members[mergeKey] else {
                throw PatchError.unclassified(GoFormat.noMergeKey(element, mergeKey))
            }
            if let i = result.firstIndex(where: { GoEquality.equal(Members($0.members ?? [])[mergeKey], value) }) {
                result[i] = try mergeMap(Members(result[i].members ?? []), members, path: path).json
            } else {
                // kube's typed decoding turns the nulls of a new element into absent fields.
                result.append(Directive.discardingNulls(element))
            }
        }
        return result
    }

    /// sliceElementType: one element type across the lists, never a list; nil when there are no elements.
    static func elementType(_ lists: [JSONValue]...) throws(PatchError) -> ElementType? {
        var found: ElementType?
        for list in lists {
            for v in list {
                let t = ElementType(v)
                if let found {
                    guard found == t else {
                        throw PatchError.unclassified(
                            "list element types are not identical: \(GoFormat.value(.array(lists.map { .array($0) })))")
                    }
                } else {
                    guard t != .array else { throw PatchError.unprocessable("lists of lists are not supported") }
                    found = t
                }
            }
        }
        return found
    }

    /// deduplicateScalars, keeping first occurrences (the order is settled afterwards anyway).
    static func deduplicated(_ items: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for item in items where !out.contains(where: { GoEquality.equal($0, item) }) { out.append(item) }
        return out
    }
}
