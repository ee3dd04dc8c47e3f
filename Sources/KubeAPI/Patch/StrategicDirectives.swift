/// The `$`-keys of a strategic merge patch, and the clean-ups kube applies around them.
enum Directive {
    static let marker = "$patch"
    static let retainKeys = "$retainKeys"
    static let deleteFromPrimitiveList = "$deleteFromPrimitiveList"
    static let setElementOrder = "$setElementOrder"

    // mergepatch's format errors, which kube-apiserver answers with 400.
    static let badPrimitiveList = PatchError.badRequest("invalid patch format of primitive list")
    static let badRetainKeys = PatchError.badRequest("invalid patch format of retainKeys")
    static let badSetElementOrder = PatchError.badRequest("invalid patch format of setElementOrder list")

    /// extractKey: "$setElementOrder/containers" → "containers".
    static func field(of key: String, prefix: String) throws(PatchError) -> String {
        let pieces = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces[0] == prefix else {
            throw prefix == setElementOrder ? badSetElementOrder : badPrimitiveList
        }
        return String(pieces[1])
    }

    static func isDirective(_ key: String) -> Bool {
        key == marker || key == retainKeys || key.hasPrefix(deleteFromPrimitiveList + "/")
            || key.hasPrefix(setElementOrder + "/")
    }

    /// removeDirectives: a value taken whole from the patch loses every map that carries `$patch` (nil when the
    /// value itself is one), so a directive aimed at something absent leaves nothing behind.
    static func removed(from v: JSONValue) -> JSONValue? {
        switch v {
        case .object(let m):
            guard !m.contains(where: { $0.key == marker }) else { return nil }
            return .object(m.compactMap { member in removed(from: member.value).map { (member.key, $0) } })
        case .array(let a):
            return .array(a.compactMap(removed))
        default:
            return v
        }
    }

    /// discardNullValuesFromPatch: nulls in a value taken whole have nothing to delete, so they go.
    static func discardingNulls(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): .object(m.filter { !$0.value.isNull }.map { ($0.key, discardingNulls($0.value)) })
        case .array(let a): .array(a.map(discardingNulls))
        default: v
        }
    }

    /// Directive keys left in the result (inside replaced lists, appended elements). kube never stores them:
    /// decoding into the typed object drops them as unknown fields; a JSON store has to drop them itself.
    static func stripped(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): .object(m.filter { !isDirective($0.key) }.map { ($0.key, stripped($0.value)) })
        case .array(let a): .array(a.map(stripped))
        default: v
        }
    }
}
