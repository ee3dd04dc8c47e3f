/// RFC 7386 JSON merge patch, with the details of evanphx/json-patch v4's MergePatch that kube-apiserver uses.
enum JSONMergePatch {
    static func apply(_ bytes: [UInt8], to original: JSONValue) throws(PatchError) -> JSONValue {
        // Every unreadable patch, and a null one, is the library's single ErrBadJSONPatch.
        let invalid = PatchError.badRequest("Invalid JSON Patch")
        guard let parsed = try? JSONParser.parse(bytes) else { throw invalid }
        let patch = parsed.goMapDecoded  // a repeated key: the last one counts, as the library's map decode keeps
        switch patch {
        case .object(let members):
            guard case .object(let target) = original else { return pruned(patch) }
            return .object(merge(Members(target), members).list)
        case .array:
            // A non-object patch replaces the whole document (the caller then refuses a non-object result).
            return pruned(patch)
        default:
            throw invalid
        }
    }

    private static func merge(_ target: Members, _ patch: [(key: String, value: JSONValue)]) -> Members {
        var target = target
        for (key, value) in patch {
            if value.isNull {
                target[key] = nil
            } else if let current = target[key], !current.isNull {
                target[key] = mergeValue(current, value)
            } else {
                target[key] = pruned(value)
            }
        }
        return target
    }

    /// Objects merge into objects; anything else replaces. Only a value landing where no object was is pruned
    /// of nulls, which is where the library prunes.
    private static func mergeValue(_ current: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let target) = current else { return pruned(patch) }
        guard case .object(let members) = patch else { return patch }
        return .object(merge(Members(target), members).list)
    }

    /// pruneNulls: drops null members of objects and null elements of arrays, all the way down.
    static func pruned(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): .object(m.filter { !$0.value.isNull }.map { ($0.key, pruned($0.value)) })
        case .array(let a): .array(a.filter { !$0.isNull }.map(pruned))
        default: v
        }
    }
}
