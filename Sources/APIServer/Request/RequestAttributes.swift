/// What a request asks to do, as an authorizer sees it: kube-apiserver's `authorizer.Attributes`, filled from
/// the URL the way `request.RequestInfoFactory` does (see `RequestAttributes+Parsing.swift`).
///
/// Everything but `user` is worked out from the request line and lives in one shared, copy-on-write
/// `RequestLineAttributes`: the attributes are copied several times per request (the connection's memo,
/// the exchange, the router), and copying ten Strings field by field cost about as much as deriving them.
public struct RequestAttributes: Sendable, Equatable {
    public var user: UserInfo
    private var line: RequestLineAttributes

    /// The kube verb (get, list, watch, create, update, patch, delete, deletecollection, proxy) for resource
    /// requests; the lower-cased HTTP method for non-resource requests. Empty for a resource request with a
    /// method kube has no verb for (OPTIONS, say), which no read-only rule can then match.
    public var verb: String {
        get { line.verb }
        set { uniqueLine().verb = newValue }
    }
    public var isResourceRequest: Bool {
        get { line.isResourceRequest }
        set { uniqueLine().isResourceRequest = newValue }
    }
    /// The percent-decoded URL path, as Go's `URL.Path` is: what `nonResourcePath` rules are matched against.
    public var path: String {
        get { line.path }
        set { uniqueLine().path = newValue }
    }
    /// "api" or "apis" for resource requests, empty otherwise.
    public var apiPrefix: String {
        get { line.apiPrefix }
        set { uniqueLine().apiPrefix = newValue }
    }
    /// Empty for the legacy core group under /api.
    public var apiGroup: String {
        get { line.apiGroup }
        set { uniqueLine().apiGroup = newValue }
    }
    public var apiVersion: String {
        get { line.apiVersion }
        set { uniqueLine().apiVersion = newValue }
    }
    /// Empty for cluster-scoped requests.
    public var namespace: String {
        get { line.namespace }
        set { uniqueLine().namespace = newValue }
    }
    public var resource: String {
        get { line.resource }
        set { uniqueLine().resource = newValue }
    }
    public var subresource: String {
        get { line.subresource }
        set { uniqueLine().subresource = newValue }
    }
    public var name: String {
        get { line.name }
        set { uniqueLine().name = newValue }
    }

    public init(
        user: UserInfo, verb: String, isResourceRequest: Bool, path: String, apiPrefix: String = "",
        apiGroup: String = "", apiVersion: String = "", namespace: String = "", resource: String = "",
        subresource: String = "", name: String = ""
    ) {
        self.user = user
        line = RequestLineAttributes(
            verb: verb, isResourceRequest: isResourceRequest, path: path, apiPrefix: apiPrefix,
            apiGroup: apiGroup, apiVersion: apiVersion, namespace: namespace, resource: resource,
            subresource: subresource, name: name)
    }

    /// kube's `AttributesRecord.IsReadOnly`: computed from the verb so the two can never disagree.
    public var isReadOnly: Bool {
        verb == "get" || verb == "list" || verb == "watch"
    }

    public static func == (a: RequestAttributes, b: RequestAttributes) -> Bool {
        a.user == b.user && (a.line === b.line || a.line.sameFields(as: b.line))
    }

    /// The shared fields, copied first if another value refers to them too.
    private mutating func uniqueLine() -> RequestLineAttributes {
        if !isKnownUniquelyReferenced(&line) { line = line.copy() }
        return line
    }
}
