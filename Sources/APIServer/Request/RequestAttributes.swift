/// What a request asks to do, as an authorizer sees it: kube-apiserver's `authorizer.Attributes`, filled from
/// the URL the way `request.RequestInfoFactory` does (see `RequestAttributes+Parsing.swift`).
public struct RequestAttributes: Sendable, Equatable {
    public var user: UserInfo
    /// The kube verb (get, list, watch, create, update, patch, delete, deletecollection, proxy) for resource
    /// requests; the lower-cased HTTP method for non-resource requests. Empty for a resource request with a
    /// method kube has no verb for (OPTIONS, say), which no read-only rule can then match.
    public var verb: String
    public var isResourceRequest: Bool
    /// The percent-decoded URL path, as Go's `URL.Path` is: what `nonResourcePath` rules are matched against.
    public var path: String
    /// "api" or "apis" for resource requests, empty otherwise.
    public var apiPrefix: String
    /// Empty for the legacy core group under /api.
    public var apiGroup: String
    public var apiVersion: String
    /// Empty for cluster-scoped requests.
    public var namespace: String
    public var resource: String
    public var subresource: String
    public var name: String

    public init(user: UserInfo, verb: String, isResourceRequest: Bool, path: String, apiPrefix: String = "",
                apiGroup: String = "", apiVersion: String = "", namespace: String = "", resource: String = "",
                subresource: String = "", name: String = "") {
        self.user = user
        self.verb = verb
        self.isResourceRequest = isResourceRequest
        self.path = path
        self.apiPrefix = apiPrefix
        self.apiGroup = apiGroup
        self.apiVersion = apiVersion
        self.namespace = namespace
        self.resource = resource
        self.subresource = subresource
        self.name = name
    }

    /// kube's `AttributesRecord.IsReadOnly`: computed from the verb so the two can never disagree.
    public var isReadOnly: Bool {
        verb == "get" || verb == "list" || verb == "watch"
    }
}
