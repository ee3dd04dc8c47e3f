import Testing
@testable import APIServer

/// Reading the Observatory's logs incrementally, as the console channel's publisher does.
@Suite("Observatory rows since a cursor")
struct ObservatoryRowsTests {
    func event(_ time: Int64) -> RequestEvent {
        RequestEvent(
            time: time, port: .localhost, client: "127.0.0.1", method: "GET", path: "/p\(time)", status: 200,
            latencyNanoseconds: 1000, bytes: 1, user: nil)
    }

    func failure(_ time: Int64) -> AuthFailureEvent {
        AuthFailureEvent(
            time: time, port: .secure, client: "127.0.0.1", reason: .unknownToken, subject: "ab12cd34",
            path: "/f\(time)")
    }

    @Test func eachRowIsReadOnceInTimeOrderAcrossShards() {
        let o = Observatory(shards: 3, recentCapacity: 300)
        for i in 0..<10 { o.record(event(Int64(i)), shard: i) }
        let first = o.rows(after: nil, limit: 100)
        #expect(first.requests.map(\.time) == Array(0..<10))
        #expect(first.skippedRequests == 0)
        let none = o.rows(after: first.cursor, limit: 100)
        #expect(none.requests.isEmpty && none.cursor == first.cursor)
        for i in 10..<15 { o.record(event(Int64(i)), shard: i * 7) }
        o.recordAuthFailure(failure(15), shard: 1)
        let next = o.rows(after: first.cursor, limit: 100)
        #expect(next.requests.map(\.time) == Array(10..<15))
        #expect(next.authFailures.map(\.time) == [15])
        #expect(next.skippedRequests == 0)
    }

    @Test func beyondTheLimitTheNewestAreKeptAndTheRestCounted() {
        let o = Observatory(shards: 2, recentCapacity: 1000)
        let start = o.rows(after: nil, limit: 10)
        for i in 0..<50 { o.record(event(Int64(i)), shard: i) }
        let rows = o.rows(after: start.cursor, limit: 10)
        #expect(rows.requests.map(\.time) == Array(40..<50))
        #expect(rows.skippedRequests == 40)
        // Without a cursor: the newest kept, nothing reported skipped.
        #expect(o.rows(after: nil, limit: 5).requests.map(\.time) == Array(45..<50))
        #expect(o.rows(after: nil, limit: 5).skippedRequests == 0)
    }

    @Test func rowsTheRingsNoLongerHoldAreCountedAsSkipped() {
        let o = Observatory(shards: 1, recentCapacity: 4)
        let start = o.rows(after: nil, limit: 100)
        for i in 0..<10 { o.record(event(Int64(i)), shard: 0) }
        let rows = o.rows(after: start.cursor, limit: 100)
        #expect(rows.requests.map(\.time) == [6, 7, 8, 9])
        #expect(rows.skippedRequests == 6)
    }

    @Test func aSnapshotWithoutLogsKeepsTheCounters() {
        let o = Observatory(shards: 2)
        for i in 0..<4 { o.record(event(Int64(i)), shard: i) }
        let s = o.snapshot(logs: false)
        #expect(s.recent.isEmpty)
        #expect(s.stats(.localhost).requests == 4)
    }

    @Test func theRingHandsOutWhatCameAfterAGivenCount() {
        var r = Ring<Int>(capacity: 3)
        #expect(r.elements(after: 0, limit: 10).elements.isEmpty)
        for i in 1...2 { r.append(i) }
        #expect(r.elements(after: 0, limit: 10).elements == [1, 2])
        for i in 3...7 { r.append(i) }
        #expect(r.appended == 7)
        #expect(r.elements(after: 5, limit: 10).elements == [6, 7])
        #expect(r.elements(after: 0, limit: 10) == ([5, 6, 7], 4))
        #expect(r.elements(after: 2, limit: 2) == ([6, 7], 3))
        #expect(r.elements(after: 7, limit: 2) == ([], 0))
    }
}
