import HTTP

/// The publisher's side of the stream: what the consoles have been sent (a replica of their state)
/// and where in the Observatory's logs it left off, so each delta carries exactly the rows recorded
/// since the last one and a console that attaches gets a snapshot the next deltas continue.
struct ConsoleFeed {
    let sampler: ConsoleSampler
    private var replica = ConsoleReplica(maxRequests: ConsoleWire.snapshotRequests)
    private var cursor: ObservatoryCursor
    private var lastChange: Int
    private var lastSent: Int64

    private var observatory: Observatory { sampler.server.observatory }

    init(sampler: ConsoleSampler) {
        self.sampler = sampler
        let observatory = sampler.server.observatory
        lastChange = observatory.changeCount
        var state = sampler.sample(logs: false)
        let rows = observatory.rows(after: nil, limit: ConsoleWire.snapshotRequests)
        state.recent = rows.requests
        state.authFailures = rows.authFailures
        replica.apply(ConsoleUpdate(isSnapshot: true, sections: .all, state: state))
        cursor = rows.cursor
        lastSent = monotonicNanoseconds()
    }

    /// What changed since the last delta, with the new rows; nil when nothing was recorded and the
    /// heartbeat is not due (unless `force`).
    mutating func delta(force: Bool) -> ConsoleUpdate? {
        let change = observatory.changeCount
        let now = monotonicNanoseconds()
        guard force || change != lastChange || now - lastSent >= ConsolePublisher.heartbeatNanoseconds else {
            return nil
        }
        let current = sampler.sample(logs: false)
        let rows = observatory.rows(after: cursor, limit: ConsoleWire.maxRequestsPerFrame)
        var state = current
        state.recent = rows.requests
        state.authFailures = rows.authFailures
        let update = ConsoleUpdate(
            isSnapshot: false, sections: .changed(from: replica.data, to: current), state: state,
            skippedRequests: rows.skippedRequests, skippedAuthFailures: rows.skippedAuthFailures)
        replica.apply(update)
        cursor = rows.cursor
        lastChange = change
        lastSent = now
        return update
    }

    /// Brings the replica up to date without a console to send to (one is about to get the snapshot).
    mutating func catchUp() { _ = delta(force: true) }

    /// Everything the consoles have, for one that just attached.
    func snapshot() -> ConsoleUpdate {
        var state = replica.data
        state.recent = Array(state.recent.suffix(ConsoleWire.snapshotRequests))
        state.skippedRequests = 0
        return ConsoleUpdate(isSnapshot: true, sections: .all, state: state)
    }
}
