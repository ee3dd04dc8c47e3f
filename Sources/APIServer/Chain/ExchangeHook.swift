import HTTP

/// A filter's interest in how an exchange ends: the whole response, or the head of a stream (watch).
public protocol ExchangeHook: Sendable {
    func answered(_ exchange: Exchange, response: HTTPResponse)
    func streaming(_ exchange: Exchange, head: HTTPResponseHead, stream: HTTPStream)
}
