import HTTP

/// A filter in front of the rest of the chain.
struct FilterLink: APIHandler {
    let filter: any APIFilter
    let next: any APIHandler
    func handle(_ exchange: Exchange) { filter.handle(exchange, next: next) }
}

/// A port's chain, adapted to the HTTP engine: each request becomes an `Exchange` and runs through the
/// filters in order, then the endpoint.
public struct FilterChain: HTTPHandler {
    public let port: PortKind
    private let head: any APIHandler
    private let rejections: any RejectionObserver

    public init(port: PortKind, filters: [any APIFilter], endpoint: any APIHandler, rejections: any RejectionObserver) {
        self.port = port
        self.head = filters.reversed().reduce(endpoint) { next, filter in FilterLink(filter: filter, next: next) }
        self.rejections = rejections
    }

    public func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
        head.handle(Exchange(request: request, context: context, port: port, responder: responder))
    }

    public func rejected(_ error: HTTPParseError, _ connection: ConnectionInfo) -> HTTPResponse {
        rejections.rejected(error, port: port, connection: connection)
        return .text(error.status, error.message)
    }
}

/// Told of requests the HTTP engine refused before they reached the chain (malformed, too large, slow).
public protocol RejectionObserver: Sendable {
    func rejected(_ error: HTTPParseError, port: PortKind, connection: ConnectionInfo)
}
