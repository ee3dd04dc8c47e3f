/// Matching a rule against a request, as kube-apiserver's pkg/auth/authorizer/abac/abac.go does. Strings are
/// compared byte for byte like Go's `==`, not with Swift's canonical-equivalence `==`, so a name spelled with
/// other code points that merely looks the same never matches.
extension PolicyRule {
    func matches(_ a: RequestAttributes) -> Bool {
        // Resource and non-resource matches are mutually exclusive: each checks isResourceRequest.
        subjectMatches(a.user) && verbMatches(a) && (resourceMatches(a) || nonResourceMatches(a))
    }

    /// A rule names a user, a group or both; both named means both must match. A rule naming neither matches
    /// nobody, which is why the parser refuses one.
    func subjectMatches(_ who: UserInfo) -> Bool {
        var matched = false
        if !user.isEmpty {
            guard user == "*" || same(user, who.name) else { return false }
            matched = true
        }
        if !group.isEmpty {
            guard group == "*" || who.groups.contains(where: { same(group, $0) }) else { return false }
            matched = true
        }
        return matched
    }

    /// abac.go does not look at the verb itself: every rule allows reads, and a read-only rule nothing else.
    func verbMatches(_ a: RequestAttributes) -> Bool {
        a.isReadOnly || !readonly
    }

    func resourceMatches(_ a: RequestAttributes) -> Bool {
        guard a.isResourceRequest else { return false }
        return (namespace == "*" || same(namespace, a.namespace))
            && (resource == "*" || same(resource, a.resource))
            && (apiGroup == "*" || same(apiGroup, a.apiGroup))
    }

    func nonResourceMatches(_ a: RequestAttributes) -> Bool {
        guard !a.isResourceRequest else { return false }
        if nonResourcePath == "*" || same(nonResourcePath, a.path) { return true }
        // "/foo/*" allows everything under /foo/. Go's TrimRight drops every trailing '*', so "/foo**" is
        // the prefix "/foo" as well.
        guard nonResourcePath.utf8.last == UInt8(ascii: "*") else { return false }
        let prefix = nonResourcePath.utf8.reversed().drop { $0 == UInt8(ascii: "*") }.reversed()
        return a.path.utf8.starts(with: prefix)
    }

    private func same(_ x: String, _ y: String) -> Bool {
        x.utf8.elementsEqual(y.utf8)
    }
}
