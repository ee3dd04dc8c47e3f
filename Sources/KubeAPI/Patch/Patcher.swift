/// Applies PATCH bodies to stored objects, as kube-apiserver does for each patch type.
public enum Patcher {
    /// The patched object. `kind` picks the strategic-merge field strategies (see `PatchStrategies`).
    public static func apply(
        _ type: PatchType, patch: [UInt8], to original: JSONValue,
        kind: String
    ) throws(PatchError) -> JSONValue {
        let result: JSONValue
        switch type {
        case .json: result = try JSONPatch.apply(patch, to: original)
        case .merge: result = try JSONMergePatch.apply(patch, to: original)
        case .strategic: result = try StrategicMergePatch.apply(patch, to: original, kind: kind)
        // Server-side apply merges by field ownership: FieldManager.apply, which the REST layer calls.
        case .apply: throw PatchError.unclassified("\(type.rawValue): apply patches are merged by the field manager")
        }
        // kube decodes the result into the typed object, which only an object can become.
        guard case .object = result else {
            throw PatchError(
                code: 422, reason: "Invalid",
                message: #" "" is invalid: patch: Invalid value: \#(JSON.quote(result.text)): "#
                    + "json: cannot unmarshal \(JSONPatch.goKind(result)) into Go value of type map[string]interface {}"
            )
        }
        return result
    }

    /// By Content-Type; a type kube does not know is a 415.
    public static func apply(
        contentType: String, patch: [UInt8], to original: JSONValue,
        kind: String
    ) throws(PatchError) -> JSONValue {
        guard let type = PatchType(contentType: contentType) else { throw PatchError.unsupportedMediaType(contentType) }
        return try apply(type, patch: patch, to: original, kind: kind)
    }

    /// In the shape of `RESTCodecs.patch`, throwing Status errors.
    public static let codec: @Sendable (String, [UInt8], JSONValue, String) throws -> JSONValue = {
        contentType, patch, original, kind in
        do throws(PatchError) {
            return try apply(contentType: contentType, patch: patch, to: original, kind: kind)
        } catch {
            throw error.status
        }
    }
}
