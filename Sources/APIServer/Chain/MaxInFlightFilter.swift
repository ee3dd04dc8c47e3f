import HTTP

/// kube-apiserver's `WithMaxInFlightLimit` on the secure port, after authentication (so it knows the
/// user) and before authorization: beyond the limit a request gets kube's answer, a plain-text 429
/// (Go's http.Error, not a Status) with `Retry-After: 1`. Long-running requests (watch, proxy; attach,
/// exec, log, portforward subresources; the console channel's stream) are not counted; members of system:masters always get through.
public struct MaxInFlightFilter: APIFilter {
    /// kube's message and Retry-After, as maxinflight.go writes them.
    public static let message = "Too many requests, please try again later."
    public static let retryAfter = "1"

    let limiter: InFlightLimiter

    public init(limiter: InFlightLimiter) { self.limiter = limiter }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        let attributes = exchange.attributes(for: exchange.user ?? AuthorizationFilter.anonymous)
        if Self.isLongRunning(attributes) {
            next.handle(exchange)
            return
        }
        let kind: InFlightLimiter.Kind = attributes.isReadOnly ? .readOnly : .mutating
        if limiter.acquire(kind) {
            exchange.addHook(Release(limiter: limiter, kind: kind))
            next.handle(exchange)
        } else if attributes.user.groups.contains("system:masters") {
            // "A system:master is so powerful that they should always get an answer."
            next.handle(exchange)
        } else {
            limiter.countRejection(kind)
            exchange.respond(Self.tooManyRequests)
        }
    }

    static var tooManyRequests: HTTPResponse {
        var response = HTTPResponse.text(.tooManyRequests, message)
        response.headers.add("X-Content-Type-Options", "nosniff")
        response.headers.add("Retry-After", retryAfter)
        return response
    }

    /// kube's `BasicLongRunningRequestCheck` with the verbs and subresources kube-apiserver passes it, and
    /// the console channel's stream (an attached console holds it for as long as it watches, as a watch).
    /// Switches over the sets' members rather than `Set.contains`: hashing two Strings cost about 600
    /// instructions on every request of the secure port.
    static func isLongRunning(_ a: RequestAttributes) -> Bool {
        switch a.verb {
        case "watch", "proxy": return true
        default: break
        }
        if a.isResourceRequest {
            switch a.subresource {
            case "attach", "exec", "proxy", "log", "portforward": return true
            default: return false
            }
        }
        return a.path == ConsoleWire.streamPath
    }

    /// Gives the slot back when the request is answered; a streamed answer holds it until the stream
    /// ends, as kube's handler holds it until it returns.
    struct Release: ExchangeHook {
        let limiter: InFlightLimiter
        let kind: InFlightLimiter.Kind
        func answered(_ exchange: Exchange, response: HTTPResponse) { limiter.release(kind) }
        func streaming(_ exchange: Exchange, head: HTTPResponseHead, stream: HTTPStream) {
            let limiter = limiter, kind = kind
            stream.onClose { limiter.release(kind) }
        }
    }
}
