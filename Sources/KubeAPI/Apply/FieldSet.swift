/// A set of fields of an object (fieldpath.Set): what a manager owns, what changed between two versions.
/// A tree: `members` are the fields in the set at this level, `children` the fields with members below
/// them (appearing there does not make a field a member). Both are kept sorted in PathElement order, so
/// every set operation is one merge walk, linear in the sizes of the sets.
public struct FieldSet: Sendable, Equatable, CustomStringConvertible {
    public internal(set) var members: [PathElement] = []
    public internal(set) var children: [Child] = []

    public struct Child: Sendable, Equatable {
        public var element: PathElement
        public var set: FieldSet
    }

    public init() {}

    public init(_ paths: [FieldPath]) {
        for path in paths { insert(path) }
    }

    init(members: [PathElement], children: [Child]) {
        self.members = members
        self.children = children
    }

    /// No member anywhere (children may remain as empty nodes only transiently).
    public var isEmpty: Bool { members.isEmpty && children.allSatisfy { $0.set.isEmpty } }

    /// The number of members, at every depth.
    public var count: Int { members.count + children.reduce(0) { $0 + $1.set.count } }

    /// Adds `path` (its parents are not added). The empty path, the whole object, is never owned.
    public mutating func insert(_ path: FieldPath) {
        insert(path.elements[...])
    }

    private mutating func insert(_ path: ArraySlice<PathElement>) {
        guard let first = path.first else { return }
        if path.count == 1 {
            Self.insertSorted(first, into: &members)
            return
        }
        let i = childIndex(first, inserting: true)
        children[i].set.insert(path.dropFirst())
    }

    /// The subset under `element`, created when missing and `inserting`.
    private mutating func childIndex(_ element: PathElement, inserting: Bool) -> Int {
        // Sets are mostly built in order: try the end first.
        if let last = children.last {
            let c = PathElement.compare(last.element, element)
            if c == 0 { return children.count - 1 }
            if c < 0 { children.append(Child(element: element, set: FieldSet())); return children.count - 1 }
        }
        let i = Self.lowerBound(element, count: children.count) { children[$0].element }
        if i < children.count, children[i].element == element { return i }
        children.insert(Child(element: element, set: FieldSet()), at: i)
        return i
    }

    static func insertSorted(_ element: PathElement, into list: inout [PathElement]) {
        if let last = list.last, PathElement.compare(last, element) < 0 { list.append(element); return }
        let i = lowerBound(element, in: list)
        if i < list.count, list[i] == element { return }
        list.insert(element, at: i)
    }

    static func lowerBound(_ element: PathElement, in list: [PathElement]) -> Int {
        lowerBound(element, count: list.count) { list[$0] }
    }

    /// The first position whose element is not below `element`, by binary search.
    static func lowerBound(_ element: PathElement, count: Int, at: (Int) -> PathElement) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if PathElement.compare(at(mid), element) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func hasMember(_ element: PathElement) -> Bool {
        let i = Self.lowerBound(element, in: members)
        return i < members.count && members[i] == element
    }

    /// Whether `path` is a member.
    public func has(_ path: FieldPath) -> Bool {
        guard let last = path.elements.last else { return false }
        var set = self
        for element in path.elements.dropLast() {
            guard let child = set.child(element) else { return false }
            set = child
        }
        return set.hasMember(last)
    }

    /// The set below `element` (WithPrefix), nil when there is none.
    public func child(_ element: PathElement) -> FieldSet? {
        let i = Self.lowerBound(element, count: children.count) { children[$0].element }
        return i < children.count && children[i].element == element ? children[i].set : nil
    }

    /// Every member's path, in preorder: this level's members, then each child's (Set.Iterate).
    public var paths: [FieldPath] {
        var out: [FieldPath] = []
        collect(prefix: [], into: &out)
        return out
    }

    private func collect(prefix: [PathElement], into out: inout [FieldPath]) {
        for m in members { out.append(FieldPath(prefix + [m])) }
        for c in children { c.set.collect(prefix: prefix + [c.element], into: &out) }
    }

    /// One path per line, as Set.String().
    public var description: String { paths.map(\.description).joined(separator: "\n") }
}
