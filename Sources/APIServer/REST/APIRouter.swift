import HTTP
import KubeAPI
import Storage

/// The request path to its handler: resource paths to the REST verbs, discovery and OpenAPI documents,
/// then the fixed routes (health, version, metrics), then a NotFound Status.
public struct APIRouter: APIHandler {
    let resources: ResourceHandler
    let reviews: AccessReviews
    let authentication: AuthenticationReviews
    /// serviceaccounts/token; nil without a secure port (no signing key), where kube has no such subresource.
    let tokens: TokenRequests?
    /// Documents at fixed paths (discovery, OpenAPI), chosen per request (the Accept header matters).
    let documents: @Sendable (Exchange) -> HTTPResponse?
    let fallback: any APIHandler

    public func handle(_ exchange: Exchange) {
        let request = exchange.request
        let rawPath = request.path
        if request.pathHasPrefix("/api/") || request.pathHasPrefix("/apis/") {
            // Parsed once per request, by whoever asked first (the secure port's authorizer, or here).
            let attributes = exchange.attributes
            if attributes.isResourceRequest {
                route(attributes, exchange)
                return
            }
        }
        if let document = documents(exchange) {
            guard request.method == "GET" || request.method == "HEAD" else {
                exchange.respond(StatusError.methodNotAllowed(request.method, path: rawPath).response)
                return
            }
            exchange.respond(document)
            return
        }
        fallback.handle(exchange)
    }

    private func route(_ a: RequestAttributes, _ exchange: Exchange) {
        let catalog: [ResourceInfo]
        switch (a.apiGroup, a.apiVersion) {
        case ("", "v1"): catalog = ResourceCatalog.coreV1
        case ("authorization.k8s.io", "v1"): catalog = ResourceCatalog.authorizationV1
        case ("authentication.k8s.io", "v1"): catalog = ResourceCatalog.authenticationV1
        case ("coordination.k8s.io", "v1"): catalog = ResourceCatalog.coordinationV1
        case ("apiextensions.k8s.io", "v1") where a.resource == "customresourcedefinitions" && a.verb == "list":
            // No custom resources here; kubectl asks before creating kinds it cannot patch.
            exchange.respond(
                ResourceHandler.json(
                    .ok,
                    Array(
                        #"{"kind":"CustomResourceDefinitionList","apiVersion":"apiextensions.k8s.io/v1","metadata":{"resourceVersion":"0"},"items":[]}"#
                            .utf8)))
            return
        default:
            exchange.respond(StatusError.notFound(path: exchange.request.path).response)
            return
        }
        guard let resource = catalog.first(where: { $0.name == a.resource }) else {
            exchange.respond(StatusError.notFound(path: exchange.request.path).response)
            return
        }
        let r = RESTRequest(
            resource: resource, verb: a.verb, namespace: a.namespace, name: a.name, subresource: a.subresource,
            query: exchange.request.query)
        switch (resource.group, r.subresource) {
        case ("authorization.k8s.io", _): reviews.handle(r, exchange)
        case ("authentication.k8s.io", _): authentication.handle(r, exchange)
        case ("", "token") where resource.name == "serviceaccounts" && !r.name.isEmpty:
            guard let tokens else {
                return exchange.respond(StatusError.notFound(path: exchange.request.path).response)
            }
            tokens.handle(r, exchange)
        default: resources.handle(r, exchange)
        }
    }
}
