import HTTP
import Synchronization
import TestSupport
@testable import APIServer

/// The end of a test chain: keeps each exchange that got through the filters and answers 200 `reached`.
final class ChainEndpoint: APIHandler, Sendable {
    private let reached = Mutex<[Exchange]>([])

    var exchanges: [Exchange] { reached.withLock { $0 } }

    func handle(_ exchange: Exchange) {
        reached.withLock { $0.append(exchange) }
        exchange.respond(.text(.ok, "reached"))
    }

    /// A client for `filters` in front of this endpoint, as `port` would run them.
    func client(
        _ port: PortKind, _ filters: [any APIFilter], connection: ConnectionInfo = InProcessClient.plainConnection()
    )
        -> InProcessClient
    {
        InProcessClient(
            FilterChain(port: port, filters: filters, endpoint: self, rejections: IgnoredRejections()),
            connection: connection)
    }
}
