/// Union, intersection and the differences of field sets, as fieldpath.Set computes them: each a merge walk
/// over the sorted members and children.
extension FieldSet {
    public func union(_ other: FieldSet) -> FieldSet {
        FieldSet(
            members: Self.merge(members, other.members, keepLeft: true, keepRight: true, keepBoth: true),
            children: Self.unionChildren(children, other.children))
    }

    /// The members in both (Intersection), children kept only where something remains.
    public func intersection(_ other: FieldSet) -> FieldSet {
        var out: [Child] = []
        var i = 0, j = 0
        while i < children.count && j < other.children.count {
            let c = PathElement.compare(children[i].element, other.children[j].element)
            if c < 0 {
                i += 1
            } else if c > 0 {
                j += 1
            } else {
                let both = children[i].set.intersection(other.children[j].set)
                if !both.isEmpty { out.append(Child(element: children[i].element, set: both)) }
                i += 1
                j += 1
            }
        }
        return FieldSet(
            members: Self.merge(members, other.members, keepLeft: false, keepRight: false, keepBoth: true),
            children: out)
    }

    /// Members of this set not in `other`. A field and the fields below it are separate: removing a parent
    /// leaves its children (parent − child = parent, child − parent = child).
    public func difference(_ other: FieldSet) -> FieldSet {
        var out: [Child] = []
        var i = 0, j = 0
        while i < children.count && j < other.children.count {
            let c = PathElement.compare(children[i].element, other.children[j].element)
            if c < 0 {
                out.append(children[i]); i += 1
            } else if c > 0 {
                j += 1
            } else {
                let rest = children[i].set.difference(other.children[j].set)
                if !rest.isEmpty { out.append(Child(element: children[i].element, set: rest)) }
                i += 1
                j += 1
            }
        }
        out += children[i...]
        return FieldSet(
            members: Self.merge(members, other.members, keepLeft: true, keepRight: false, keepBoth: false),
            children: out)
    }

    /// Like `difference`, but a member of `other` takes everything below it too (RecursiveDifference): the
    /// filter that drops reset fields (`status`) with all they contain.
    public func recursiveDifference(_ other: FieldSet) -> FieldSet {
        var out: [Child] = []
        var i = 0, j = 0
        while i < children.count {
            let element = children[i].element
            while j < other.children.count && PathElement.compare(other.children[j].element, element) < 0 { j += 1 }
            defer { i += 1 }
            if other.hasMember(element) { continue }
            if j < other.children.count && other.children[j].element == element {
                let rest = children[i].set.recursiveDifference(other.children[j].set)
                if !rest.isEmpty { out.append(Child(element: element, set: rest)) }
            } else {
                out.append(children[i])
            }
        }
        return FieldSet(
            members: Self.merge(members, other.members, keepLeft: true, keepRight: false, keepBoth: false),
            children: out)
    }

    /// Only the members that have nothing below them (Leaves).
    public var leaves: FieldSet {
        FieldSet(
            members: members.filter { child($0) == nil },
            children: children.map { Child(element: $0.element, set: $0.set.leaves) })
    }

    /// A sorted merge of two sorted element lists keeping what is only left, only right, or in both.
    static func merge(_ a: [PathElement], _ b: [PathElement], keepLeft: Bool, keepRight: Bool, keepBoth: Bool)
        -> [PathElement]
    {
        var out: [PathElement] = []
        out.reserveCapacity(keepRight ? a.count + b.count : a.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let c = PathElement.compare(a[i], b[j])
            if c < 0 {
                if keepLeft { out.append(a[i]) }; i += 1
            } else if c > 0 {
                if keepRight { out.append(b[j]) }; j += 1
            } else {
                if keepBoth { out.append(a[i]) }
                i += 1
                j += 1
            }
        }
        if keepLeft { out += a[i...] }
        if keepRight { out += b[j...] }
        return out
    }

    static func unionChildren(_ a: [Child], _ b: [Child]) -> [Child] {
        var out: [Child] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let c = PathElement.compare(a[i].element, b[j].element)
            if c < 0 {
                out.append(a[i]); i += 1
            } else if c > 0 {
                out.append(b[j]); j += 1
            } else {
                out.append(Child(element: a[i].element, set: a[i].set.union(b[j].set)))
                i += 1
                j += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
    }
}
