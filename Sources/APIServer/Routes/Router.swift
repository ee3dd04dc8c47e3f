import HTTP
import KubeAPI

/// Exact-path routes; anything else is a Kubernetes NotFound Status.
public struct Router: APIHandler {
    private let routes: [String: any APIHandler]

    public init(_ routes: [String: any APIHandler]) {
        self.routes = routes
    }

    public func handle(_ exchange: Exchange) {
        if let route = routes[String(exchange.request.path)] {
            route.handle(exchange)
        } else {
            exchange.respond(StatusError.notFound(path: exchange.request.path).response)
        }
    }
}

/// A GET/HEAD route whose answer is computed once (health, version).
public struct StaticRoute: APIHandler {
    let response: HTTPResponse

    public init(_ response: HTTPResponse) { self.response = response }

    public func handle(_ exchange: Exchange) {
        guard exchange.request.method == "GET" || exchange.request.method == "HEAD" else {
            exchange.respond(
                StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path).response)
            return
        }
        exchange.respond(response)
    }

    /// `ok`, as kube-apiserver's /healthz, /livez and /readyz answer.
    public static let ok = StaticRoute(
        HTTPResponse(
            status: .ok,
            headers: HTTPHeaders([
                ("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff"),
            ]), body: Array("ok".utf8)))
}

/// A GET/HEAD route computed per request (metrics).
public struct DynamicRoute: APIHandler {
    let make: @Sendable () -> HTTPResponse

    public init(_ make: @escaping @Sendable () -> HTTPResponse) { self.make = make }

    public func handle(_ exchange: Exchange) {
        guard exchange.request.method == "GET" || exchange.request.method == "HEAD" else {
            exchange.respond(
                StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path).response)
            return
        }
        exchange.respond(make())
    }
}
