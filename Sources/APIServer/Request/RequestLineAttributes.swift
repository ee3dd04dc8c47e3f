/// The part of `RequestAttributes` derived from the request line, shared by its copies. Mutated only through
/// `RequestAttributes`, and only while uniquely referenced (copy on write), so sharing it across threads is
/// safe.
final class RequestLineAttributes: @unchecked Sendable {
    var verb: String
    var isResourceRequest: Bool
    var path: String
    var apiPrefix: String
    var apiGroup: String
    var apiVersion: String
    var namespace: String
    var resource: String
    var subresource: String
    var name: String

    init(
        verb: String, isResourceRequest: Bool, path: String, apiPrefix: String, apiGroup: String, apiVersion: String,
        namespace: String, resource: String, subresource: String, name: String
    ) {
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

    func copy() -> RequestLineAttributes {
        RequestLineAttributes(
            verb: verb, isResourceRequest: isResourceRequest, path: path, apiPrefix: apiPrefix,
            apiGroup: apiGroup, apiVersion: apiVersion, namespace: namespace, resource: resource,
            subresource: subresource, name: name)
    }

    func sameFields(as other: RequestLineAttributes) -> Bool {
        verb == other.verb && isResourceRequest == other.isResourceRequest && path == other.path
            && apiPrefix == other.apiPrefix && apiGroup == other.apiGroup && apiVersion == other.apiVersion
            && namespace == other.namespace && resource == other.resource && subresource == other.subresource
            && name == other.name
    }
}
