/// Strategic merge patch as kube-apiserver applies it: k8s.io/apimachinery's strategicpatch
/// (StrategicMergeMapPatch, merging parallel lists and ignoring unmatched nulls), with the field strategies
/// of `PatchStrategies` standing in for the Go struct tags.
struct StrategicMergePatch {
    let kind: String

    static func apply(_ bytes: [UInt8], to original: JSONValue, kind: String) throws(PatchError) -> JSONValue {
        let patch: JSONValue
        do throws(JSONParser.Failure) { patch = try JSONParser.parse(bytes).goMapDecoded } catch {
            throw PatchError.badRequest(error.message)
        }
        switch patch {
        case .null:
            return original
        case .object(let members):
            let merged = try StrategicMergePatch(kind: kind).mergeMap(
                Members(original.members ?? []), Members(members), path: [])
            return Directive.stripped(merged.json)
        default:
            throw PatchError.badRequest(
                "json: cannot unmarshal \(JSONPatch.goKind(patch)) into Go value of type map[string]interface {}")
        }
    }

    func strategy(_ path: [String]) -> PatchStrategy { PatchStrategies.strategy(kind: kind, path: path) }

    /// mergeMap: directives first ($patch, $retainKeys, $setElementOrder), then field by field.
    func mergeMap(_ original: Members, _ patch: Members, path: [String]) throws(PatchError) -> Members {
        if let directive = patch[Directive.marker] { return try Self.mapDirective(directive, patch) }
        var original = original
        var patch = patch
        try Self.applyRetainKeys(&original, &patch)
        try applySetElementOrder(&original, &patch, path: path)
        for (patchKey, patchValue) in patch.list {
            var key = patchKey
            var isDeleteList = false
            if patchKey.hasPrefix(Directive.deleteFromPrimitiveList) {
                key = try Directive.field(of: patchKey, prefix: Directive.deleteFromPrimitiveList)
                isDeleteList = true
            }
            // null deletes, whether or not there was anything to delete.
            if patchValue.isNull {
                original[key] = nil
                continue
            }
            let fieldPath = path + [key]
            guard let current = original[key] else {
                if !isDeleteList { original[key] = Directive.removed(from: Directive.discardingNulls(patchValue)) }
                continue
            }
            switch (current, patchValue) {
            case let (.object(o), .object(p)):
                original[key] = try mergeMap(Members(o), Members(p), path: fieldPath).json
            case let (.array(o), .array(p)):
                // A deletion list works on any list, whatever its strategy; otherwise only merge lists merge.
                let s = strategy(fieldPath)
                original[key] =
                    s.merge || isDeleteList
                    ? .array(try mergeList(o, p, s, path: fieldPath, isDeleteList: isDeleteList)) : patchValue
            default:
                if Self.sameScalarKind(current, patchValue) {
                    original[key] = Directive.removed(from: patchValue)
                } else if !isDeleteList {
                    original[key] = Directive.removed(from: Directive.discardingNulls(patchValue))
                }
            }
        }
        return original
    }

    /// handleDirectiveInMergeMap: `$patch: replace` keeps the patch as the map, `delete` empties it; `merge` and
    /// anything else are refused the way kube refuses them (an unclassified error).
    static func mapDirective(_ directive: JSONValue, _ patch: Members) throws(PatchError) -> Members {
        switch directive.string {
        case "replace":
            var replacement = patch
            replacement[Directive.marker] = nil
            return replacement
        case "delete":
            return Members()
        default:
            throw PatchError.unclassified(GoFormat.badPatchType(directive, patch.json))
        }
    }

    /// applyRetainKeysDirective: the map keeps only the listed keys, and the patch may only set listed keys.
    static func applyRetainKeys(_ original: inout Members, _ patch: inout Members) throws(PatchError) {
        guard let retain = patch[Directive.retainKeys] else { return }
        patch[Directive.retainKeys] = nil
        guard case .array(let keep) = retain else { throw Directive.badRetainKeys }
        let kept = { (key: String) in keep.contains(.string(key)) }
        for (key, value) in patch.list
        where !value.isNull && !key.hasPrefix(Directive.deleteFromPrimitiveList)
            && !key.hasPrefix(Directive.setElementOrder)
        {
            guard kept(key) else { throw Directive.badRetainKeys }
        }
        original.list.removeAll { !kept($0.key) }
    }

    /// Go compares reflect types: two scalars of one type replace in place, others replace as new values.
    private static func sameScalarKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        GoFormat.typeName(a) == GoFormat.typeName(b)
    }
}
