/// One rule of an ABAC policy, in kube-apiserver's internal form: a flat (2015) line has already been
/// converted, so what the console shows is exactly what is matched.
public struct PolicyRule: Sendable, Equatable {
    /// 1-based line in the policy file.
    public var line: Int
    /// Empty: any user (the group decides). Never "*" after conversion, which turns it into a group.
    public var user: String
    public var group: String
    /// True: only get, list and watch are allowed.
    public var readonly: Bool
    /// "*" for all groups; empty is the legacy core group.
    public var apiGroup: String
    /// "*" for all namespaces and cluster-scoped requests; empty matches only cluster-scoped ones.
    public var namespace: String
    /// "*" for all resources; empty matches no resource request.
    public var resource: String
    /// "*" for every non-resource path, "/foo/*" for a prefix, else an exact path; empty matches none.
    public var nonResourcePath: String

    public init(
        line: Int, user: String = "", group: String = "", readonly: Bool = false, apiGroup: String = "",
        namespace: String = "", resource: String = "", nonResourcePath: String = ""
    ) {
        self.line = line
        self.user = user
        self.group = group
        self.readonly = readonly
        self.apiGroup = apiGroup
        self.namespace = namespace
        self.resource = resource
        self.nonResourcePath = nonResourcePath
    }
}
