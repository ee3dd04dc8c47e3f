import HTTP

/// The first filter of every port: each answer becomes a `RequestEvent` in the Observatory and, when
/// enabled, a line in the access log.
public struct ObserveFilter: APIFilter, ExchangeObserver, RejectionObserver {
    let observatory: Observatory
    let accessLog: AccessLog?

    public init(observatory: Observatory, accessLog: AccessLog?) {
        self.observatory = observatory
        self.accessLog = accessLog
    }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        exchange.observer = self
        next.handle(exchange)
    }

    public func completed(_ exchange: Exchange, status: Int, bytes: Int) {
        let request = exchange.request
        // Without a query the path is the whole target: share that string rather than copy it.
        let path = request.query == nil ? request.target : String(request.path)
        let event = RequestEvent(
            time: wallClockNanoseconds(), port: exchange.port, client: exchange.clientHost,
            method: request.method, path: path, status: status,
            latencyNanoseconds: monotonicNanoseconds() - exchange.context.receivedAt,
            bytes: bytes, user: exchange.user?.name)
        record(event, shard: exchange.context.connection.loopIndex)
    }

    /// A request the engine could not read: recorded with what is known (no method or path).
    public func rejected(_ error: HTTPParseError, port: PortKind, connection: ConnectionInfo) {
        let event = RequestEvent(
            time: wallClockNanoseconds(), port: port, client: connection.peerHost, method: "-",
            path: "-", status: error.status.code, latencyNanoseconds: 0, bytes: 0, user: nil)
        record(event, shard: connection.loopIndex)
    }

    private func record(_ event: RequestEvent, shard: Int) {
        observatory.record(event, shard: shard)
        accessLog?.log(event, shard: shard)
    }
}
