import HTTP
import KubeAPI

/// The read-only port's method gate: GET and HEAD pass; anything else is refused before it can change
/// state or spend a rate-limit token. Body and status as the 2015 apiserver wrote them.
public struct ReadOnlyGate: APIFilter {
    public static let message = "This is a read-only endpoint."

    public init() {}

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        switch exchange.request.method {
        case "GET", "HEAD": next.handle(exchange)
        default: exchange.respond(.text(.forbidden, Self.message))
        }
    }
}

/// Throttles the read-only port: 429 with Retry-After and a TooManyRequests Status beyond the buckets.
public struct RateLimitFilter: APIFilter {
    let limiter: RateLimiter

    public init(limiter: RateLimiter) { self.limiter = limiter }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        switch limiter.admit(client: exchange.clientHost, now: monotonicNanoseconds()) {
        case .allowed: next.handle(exchange)
        case .rejected(let retryAfter, _): exchange.respond(StatusError.tooManyRequests(retryAfter: retryAfter).response)
        }
    }
}
