/// Where an object lives: its resource (the plural, e.g. "pods"), its namespace ("" when cluster-scoped)
/// and its name. One key holds at most one live object.
public struct ObjectKey: Hashable, Sendable, CustomStringConvertible {
    public var resource: String
    public var namespace: String
    public var name: String

    public init(resource: String, namespace: String = "", name: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    public var description: String { namespace.isEmpty ? "\(resource)/\(name)" : "\(resource)/\(namespace)/\(name)" }

    /// Where the key sorts within its resource: lists come back in this order, and continue tokens
    /// resume after a position.
    var position: ListPosition { ListPosition(namespace: namespace, name: name) }
}

/// List order within one resource: by namespace, then name (the order etcd's keys give kube-apiserver).
struct ListPosition: Comparable, Hashable, Sendable {
    var namespace: String
    var name: String

    static func < (a: ListPosition, b: ListPosition) -> Bool {
        a.namespace != b.namespace ? a.namespace < b.namespace : a.name < b.name
    }

    func isAfter(_ other: ListPosition) -> Bool { other < self }
}
