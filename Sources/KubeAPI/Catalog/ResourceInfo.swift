/// One served resource: its names, kind, group/version, scope, verbs and subresources. A class, though
/// it never changes: every request carries its resource through the router, the handler, tables and
/// codecs, and copying a struct of nine strings and arrays cost about twenty atomic reference-count
/// operations per request; handing over one reference costs two.
public final class ResourceInfo: Sendable, Equatable {
    /// Plural, lower-case: the path segment (`pods`).
    public let name: String
    public let singularName: String
    public let kind: String
    public let group: String
    public let version: String
    public let namespaced: Bool
    public let shortNames: [String]
    public let verbs: [String]
    /// Subresources served, e.g. `status`, `binding`.
    public let subresources: [String]

    public init(
        name: String, singularName: String, kind: String, group: String, version: String, namespaced: Bool,
        shortNames: [String], verbs: [String], subresources: [String]
    ) {
        self.name = name
        self.singularName = singularName
        self.kind = kind
        self.group = group
        self.version = version
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.verbs = verbs
        self.subresources = subresources
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var listKind: String { kind + "List" }

    public static func == (a: ResourceInfo, b: ResourceInfo) -> Bool {
        a === b
            || (a.name == b.name && a.singularName == b.singularName && a.kind == b.kind && a.group == b.group
                && a.version == b.version && a.namespaced == b.namespaced && a.shortNames == b.shortNames
                && a.verbs == b.verbs && a.subresources == b.subresources)
    }
}
