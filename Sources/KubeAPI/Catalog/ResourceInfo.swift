/// One served resource: its names, kind, group/version, scope, verbs and subresources.
public struct ResourceInfo: Sendable, Equatable {
    /// Plural, lower-case: the path segment (`pods`).
    public var name: String
    public var singularName: String
    public var kind: String
    public var group: String
    public var version: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var verbs: [String]
    /// Subresources served, e.g. `status`, `binding`.
    public var subresources: [String]

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var listKind: String { kind + "List" }
}
