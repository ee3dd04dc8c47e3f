import Testing
@testable import APIServer

@Suite("Rate limiting with an injected clock")
struct RateLimiterTests {
    let second: Int64 = 1_000_000_000

    @Test func burstThenRefill() {
        var bucket = TokenBucket(rate: 10, burst: 3, now: 0)
        for _ in 0..<3 {
            #expect(bucket.wouldAllow(at: 0) == .allowed)
            bucket.take(at: 0)
        }
        #expect(bucket.wouldAllow(at: 0) == .rejected(retryAfter: 1))
        // 10/s: one token after 100 ms, not before.
        #expect(bucket.wouldAllow(at: second / 10 - 1) != .allowed)
        #expect(bucket.wouldAllow(at: second / 10) == .allowed)
        // Never more than the burst, however long it waits.
        #expect(bucket.available(at: 3600 * second) == 3)
    }

    @Test func retryAfterIsTheRealWaitRoundedUp() {
        var slow = TokenBucket(rate: 0.25, burst: 1, now: 0)
        slow.take(at: 0)
        #expect(slow.wouldAllow(at: 0) == .rejected(retryAfter: 4))
        #expect(slow.wouldAllow(at: 1 * second) == .rejected(retryAfter: 3))
        #expect(slow.wouldAllow(at: 3 * second + 1) == .rejected(retryAfter: 1))
        #expect(slow.wouldAllow(at: 4 * second) == .allowed)
    }

    @Test func globalBucketIsSharedByAllClients() {
        let limiter = RateLimiter(settings: .init(rate: 1, burst: 2), now: 0)
        #expect(limiter.admit(client: "a", now: 0) == .allowed)
        #expect(limiter.admit(client: "b", now: 0) == .allowed)
        #expect(limiter.admit(client: "c", now: 0) == .rejected(retryAfter: 1, by: .global))
        let snapshot = limiter.snapshot(now: 0)
        #expect(snapshot.global.allowed == 2)
        #expect(snapshot.global.rejected == 1)
    }

    @Test func perClientBucketsIsolateClients() {
        let limiter = RateLimiter(settings: .init(rate: 1000, burst: 1000, ratePerClient: 1, burstPerClient: 2), now: 0)
        #expect(limiter.admit(client: "greedy", now: 0) == .allowed)
        #expect(limiter.admit(client: "greedy", now: 0) == .allowed)
        #expect(limiter.admit(client: "greedy", now: 0) == .rejected(retryAfter: 1, by: .client))
        // Another client is untouched by the greedy one's exhaustion.
        #expect(limiter.admit(client: "polite", now: 0) == .allowed)
        let snapshot = limiter.snapshot(now: 0)
        #expect(snapshot.clients.first?.key == "greedy")  // sorted by rejections
        #expect(snapshot.clients.first?.rejected == 1)
        #expect(snapshot.global.allowed == 3)
    }

    @Test func aRequestRejectedGloballyCostsTheClientNothing() {
        let limiter = RateLimiter(settings: .init(rate: 1, burst: 1, ratePerClient: 1, burstPerClient: 5), now: 0)
        #expect(limiter.admit(client: "a", now: 0) == .allowed)
        #expect(limiter.admit(client: "b", now: 0) == .rejected(retryAfter: 1, by: .global))
        let b = limiter.snapshot(now: 0).clients.first { $0.key == "b" }
        #expect(b?.tokens == 5)
    }

    @Test func clientTableIsBounded() {
        let limiter = RateLimiter(
            settings: .init(rate: 1e9, burst: 1_000_000, ratePerClient: 1, burstPerClient: 1), now: 0)
        for i in 0..<(RateLimiter.maxClientBuckets + 50) { _ = limiter.admit(client: "c\(i)", now: Int64(i)) }
        let clients = limiter.snapshot(now: 0).clients
        #expect(clients.count == RateLimiter.maxClientBuckets)
        #expect(!clients.contains { $0.key == "c0" })  // the stalest went first
    }
}

@Suite("Rate limiting edge settings")
struct RateLimiterEdgeTests {
    @Test func zeroRateMeansNoGlobalLimitAndNeverAnInfiniteWait() {
        let off = RateLimiter(settings: .init(rate: 0, burst: 1), now: 0)
        for _ in 0..<100 { #expect(off.admit(client: "a", now: 0) == .allowed) }
        var dry = TokenBucket(rate: 0, burst: 1, now: 0)
        dry.take(at: 0)
        #expect(dry.wouldAllow(at: 0) == .rejected(retryAfter: 3600))
        var slow = TokenBucket(rate: 1e-9, burst: 1, now: 0)
        slow.take(at: 0)
        #expect(slow.wouldAllow(at: 0) == .rejected(retryAfter: 3600))
    }
}
