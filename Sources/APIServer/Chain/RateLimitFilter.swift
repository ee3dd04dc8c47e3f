import HTTP
import KubeAPI

/// Throttles the read-only port: 429 with Retry-After and a TooManyRequests Status beyond the buckets.
public struct RateLimitFilter: APIFilter {
    let limiter: RateLimiter

    public init(limiter: RateLimiter) { self.limiter = limiter }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        switch limiter.admit(client: exchange.clientHost, now: monotonicNanoseconds()) {
        case .allowed: next.handle(exchange)
        case .rejected(let retryAfter, _):
            exchange.respond(StatusError.tooManyRequests(retryAfter: retryAfter).response)
        }
    }
}
