import Testing
@testable import APIServer
@testable import KubeAPI

@Suite("Observatory, metrics and Status bodies")
struct ObservatoryTests {
    func event(_ port: PortKind, _ method: String, _ status: Int, at time: Int64, latency: Int64 = 1_000_000)
        -> RequestEvent
    {
        RequestEvent(
            time: time, port: port, client: "10.0.0.\(time % 7)", method: method, path: "/p\(time)", status: status,
            latencyNanoseconds: latency, bytes: 10, user: nil)
    }

    @Test func countsAndRecentRequestsMergeAcrossShards() {
        let o = Observatory(shards: 3, recentCapacity: 6)
        for i in 0..<20 {
            o.record(
                event(
                    i % 2 == 0 ? .localhost : .readOnly, i % 5 == 0 ? "WEIRD" : "GET", i % 4 == 0 ? 429 : 200,
                    at: Int64(i)), shard: i)
        }
        let s = o.snapshot()
        #expect(s.stats(.localhost).requests == 10)
        #expect(s.stats(.readOnly).requests == 10)
        #expect(s.stats(.localhost).tooManyRequests == 5)
        #expect(s.stats(.localhost).byClass[1] == 5)
        #expect(s.requests.contains { $0.method == "OTHER" })  // unknown methods are folded
        #expect(!s.requests.contains { $0.method == "WEIRD" })
        // Bounded: only the newest, oldest first.
        #expect(s.recent.count == 6)
        #expect(s.recent.map(\.time) == [14, 15, 16, 17, 18, 19])
    }

    @Test func latencyQuantilesFromTheHistogram() {
        var h = LatencyHistogram()
        for _ in 0..<98 { h.record(200_000) }  // 0.2 ms
        for _ in 0..<2 { h.record(2_000_000_000) }  // 2 s
        #expect(h.quantile(0.5) == 0.00025)
        #expect(h.quantile(0.99) == 2.5)
        #expect(LatencyHistogram().quantile(0.5) == nil)
    }

    @Test func ringKeepsTheNewest() {
        var r = Ring<Int>(capacity: 3)
        for i in 1...5 { r.append(i) }
        #expect(r.elements == [3, 4, 5])
    }

    @Test func metricsRenderCountsHistogramsAndRejections() {
        let o = Observatory(shards: 1)
        let limiter = RateLimiter(settings: .init(rate: 1, burst: 1), now: 0)
        o.attach(rateLimiter: limiter)
        _ = limiter.admit(client: "a", now: 0)
        _ = limiter.admit(client: "a", now: 0)
        o.record(event(.localhost, "GET", 200, at: 1), shard: 0)
        o.record(event(.localhost, "GET", 200, at: 2), shard: 0)
        o.recordAuthFailure(
            AuthFailureEvent(
                time: 3, port: .secure, client: "x", reason: .unknownToken, subject: "ab12cd34", path: "/"), shard: 0)
        let text = MetricsRenderer.render(o.snapshot())
        #expect(text.contains(#"kube_console_http_requests_total{port="localhost",method="GET",code="200"} 2"#))
        #expect(text.contains(#"kube_console_http_request_duration_seconds_count{port="localhost"} 2"#))
        #expect(text.contains(#"kube_console_http_request_duration_seconds_bucket{port="localhost",le="0.001"} 2"#))
        #expect(text.contains(#"kube_console_rate_limit_rejections_total{port="read-only",bucket="global"} 1"#))
        #expect(text.contains(#"kube_console_auth_failures_total{port="secure",reason="unknown token"} 1"#))
        #expect(text.contains(#"kube_console_open_connections{port="read-only"} 0"#))
    }

    @Test func statusBodiesAreKubernetesStatusObjects() {
        let json = String(decoding: StatusError.tooManyRequests(retryAfter: 3).json, as: UTF8.self)
        #expect(
            json
                == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429}"#
        )
        let r = StatusError.notFound(path: "/x").response
        #expect(r.status.code == 404)
        #expect(r.headers["content-type"] == "application/json")
        #expect(JSON.quote("a\"b\\c\n\u{01}") == #""a\"b\\c\n\u0001""#)
    }

    @Test func accessLogLineShape() {
        let line = AccessLog.format(
            RequestEvent(
                time: 1_790_000_000_123_000_000, port: .readOnly, client: "127.0.0.1", method: "GET",
                path: "/version", status: 200, latencyNanoseconds: 118_000, bytes: 245, user: nil))
        #expect(line == "2026-09-21T14:13:20.123Z read-only 127.0.0.1 - \"GET /version\" 200 245B 0.118ms\n")
    }
}
