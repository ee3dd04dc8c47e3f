import HTTP

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
