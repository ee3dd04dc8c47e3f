/// The end of a chain: answers the exchange.
public protocol APIHandler: Sendable {
    func handle(_ exchange: Exchange)
}

/// One link of a chain (observe, authenticate, authorize, rate limit, ...): answers itself or hands on.
public protocol APIFilter: Sendable {
    func handle(_ exchange: Exchange, next: any APIHandler)
}
