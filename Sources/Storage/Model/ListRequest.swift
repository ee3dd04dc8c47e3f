/// A list of one resource (in one namespace, or all), filtered by selectors, optionally paged.
public struct ListRequest: Sendable {
    public var resource: String
    /// nil: every namespace (and the only choice for cluster-scoped resources, like "").
    public var namespace: String?
    public var labelSelector: LabelSelector
    public var fieldSelector: FieldSelector
    /// At most this many items; 0 means no limit.
    public var limit: Int
    /// From a previous page's `ListResult.continueToken`: the next page, at that page's revision.
    public var continueToken: String?
    /// List the state as of this revision (resourceVersionMatch=Exact); nil: the latest.
    public var revision: Int64?

    public init(
        resource: String, namespace: String? = nil, labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector = .everything, limit: Int = 0, continueToken: String? = nil,
        revision: Int64? = nil
    ) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.revision = revision
    }

    var filter: ObjectFilter {
        ObjectFilter(resource: resource, namespace: namespace, labels: labelSelector, fields: fieldSelector)
    }
}

public struct ListResult: Sendable {
    /// In list order: by namespace, then name.
    public var items: [StoredObject]
    /// The revision the list reflects: the list's resourceVersion, and where a following watch starts.
    public var revision: Int64
    /// Present when more items match: pass it back for the next page (same revision, same selectors).
    public var continueToken: String?
}
