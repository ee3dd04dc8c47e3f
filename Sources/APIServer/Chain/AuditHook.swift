#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// The audit filter's hook on one exchange. It notes the loop thread that dispatched the request: an
/// answer given there (the common, synchronous case) may use the connection's memo, one given from
/// another thread (after a store write, say) may not. Two words: it fits an existential's inline buffer,
/// so adding it allocates nothing.
struct AuditHook: ExchangeHook {
    let filter: AuditFilter
    let loopThread: pthread_t

    func answered(_ exchange: Exchange, response: HTTPResponse) {
        filter.answered(exchange, response: response, onLoop: pthread_equal(pthread_self(), loopThread) != 0)
    }

    func streaming(_ exchange: Exchange, head: HTTPResponseHead, stream: HTTPStream) {
        filter.streaming(exchange, head: head, stream: stream, onLoop: pthread_equal(pthread_self(), loopThread) != 0)
    }
}
