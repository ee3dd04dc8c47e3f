/// Where a reader of the Observatory's logs (recent requests, auth failures) left off: per shard, how
/// many events it has seen.
public struct ObservatoryCursor: Sendable, Equatable {
    var requests: [Int]
    var authFailures: [Int]
}

/// Log rows recorded since a cursor, merged across shards in time order (oldest first).
public struct ObservatoryRows: Sendable {
    public var requests: [RequestEvent] = []
    public var authFailures: [AuthFailureEvent] = []
    /// Rows left out: beyond the limit, or dropped from the rings before they were read.
    public var skippedRequests = 0
    public var skippedAuthFailures = 0
    /// Pass it to the next call to get only what came after.
    public var cursor: ObservatoryCursor
}

extension Observatory {
    /// The requests and auth failures recorded after `cursor` (nil: the newest still kept), at most
    /// `limit` of each, the newest when there are more. One short lock per shard; nothing is sorted but
    /// what is returned, so a reader a few times a second costs the recording loops nothing.
    public func rows(after cursor: ObservatoryCursor?, limit: Int) -> ObservatoryRows {
        var rows = ObservatoryRows(cursor: ObservatoryCursor(requests: [], authFailures: []))
        for (i, shard) in shards.enumerated() {
            shard.withLock { s in
                let seenRequests =
                    cursor.map { i < $0.requests.count ? $0.requests[i] : 0 } ?? max(0, s.recent.appended - limit)
                let seenFailures =
                    cursor.map { i < $0.authFailures.count ? $0.authFailures[i] : 0 }
                    ?? max(0, s.authFailures.appended - limit)
                let (requests, skippedRequests) = s.recent.elements(after: seenRequests, limit: limit)
                let (failures, skippedFailures) = s.authFailures.elements(after: seenFailures, limit: limit)
                rows.requests += requests
                rows.authFailures += failures
                // With no cursor, what the rings no longer hold was never promised: nothing is skipped.
                if cursor != nil {
                    rows.skippedRequests += skippedRequests
                    rows.skippedAuthFailures += skippedFailures
                }
                rows.cursor.requests.append(s.recent.appended)
                rows.cursor.authFailures.append(s.authFailures.appended)
            }
        }
        if rows.requests.count > limit {
            rows.requests.sort { $0.time < $1.time }
            if cursor != nil { rows.skippedRequests += rows.requests.count - limit }
            rows.requests.removeFirst(rows.requests.count - limit)
        } else if shards.count > 1 {
            rows.requests.sort { $0.time < $1.time }
        }
        if rows.authFailures.count > limit {
            rows.authFailures.sort { $0.time < $1.time }
            if cursor != nil { rows.skippedAuthFailures += rows.authFailures.count - limit }
            rows.authFailures.removeFirst(rows.authFailures.count - limit)
        } else if shards.count > 1 {
            rows.authFailures.sort { $0.time < $1.time }
        }
        return rows
    }
}
