@testable import APIServer
@testable import Console

/// A frame's worth of data with known values, for view tests.
enum Fixtures {
    static let second: Int64 = 1_000_000_000
    static let now: Int64 = 1_790_000_000 * second

    static func event(_ i: Int, port: PortKind = .localhost, status: Int = 200, path: String? = nil) -> RequestEvent {
        RequestEvent(
            time: now - Int64(1000 - i) * 1_000_000, port: port, client: "10.0.0.\(i % 250)", method: "GET",
            path: path ?? "/api/v1/namespaces/default/pods/pod-\(i)", status: status,
            latencyNanoseconds: 250_000, bytes: 1234, user: i % 2 == 0 ? "admin" : nil)
    }

    static func data(requests: Int = 30) -> ConsoleData {
        var d = ConsoleData()
        d.version = "v1.32.0+kube-console.0.1.0"
        d.uptimeSeconds = 3725
        d.dataDir = "/var/lib/kube-console"
        d.policySummary = "/var/lib/kube-console/policy.jsonl (3 rules)"
        d.now = now
        d.monotonicNow = 500 * second
        d.rateHistory = [1, 2, 3, 4, 8]
        var stats = PortStats()
        stats.requests = 42
        stats.byClass = [0, 40, 0, 2, 0]
        stats.tooManyRequests = 2
        d.ports = [
            PortRow(
                kind: .localhost, address: "0.0.0.0:8080", scheme: "http", gate: "none", state: "listening",
                isWarning: true,
                openConnections: 3, requestsPerSecond: 12.5, stats: stats, history: [1, 2, 3]),
            PortRow(
                kind: .readOnly, address: "192.168.1.5:7080", scheme: "http", gate: "GET-only + rate limit",
                state: "listening",
                isWarning: false, openConnections: 1, requestsPerSecond: 0, stats: PortStats(), history: []),
            PortRow(
                kind: .secure, address: "192.168.1.5:443", scheme: "https", gate: "TLS + authn + ABAC",
                state: "failed: permission denied", isWarning: true, openConnections: 0, requestsPerSecond: 0,
                stats: PortStats(), history: []),
        ]
        d.warnings = ["WARNING: the localhost port (--address=0.0.0.0) is not on a loopback address"]
        d.recent = (0..<requests).map {
            event($0, port: $0 % 3 == 0 ? .readOnly : .localhost, status: $0 % 7 == 0 ? 404 : 200)
        }
        d.totalRequests = requests
        d.users = [
            UserRow(
                user: "admin", uid: "admin", groups: ["system:masters"], fingerprint: "1a2b3c4d",
                rotatedAt: now - 90 * second, source: "token"),
            UserRow(
                user: "viewer", uid: "viewer", groups: [], fingerprint: "9f8e7d6c",
                rotatedAt: now - 3 * 86_400 * second, source: "token"),
        ]
        d.serviceAccountTokens = [
            IssuedTokenLog.Entry(namespace: "ci", name: "builder", count: 2, lastIssued: now - 30 * second)
        ]
        d.authFailures = [
            AuthFailureEvent(
                time: now - second, port: .secure, client: "10.1.1.1", reason: .unknownToken, subject: "deadbeef",
                path: "/api/v1/pods")
        ]
        d.authCounts = [AuthFailureCount(port: .secure, reason: .unknownToken, count: 1)]
        d.rateLimits = RateLimitSnapshot(
            global: BucketSnapshot(
                key: "global", tokens: 150, burst: 200, rate: 10, allowed: 50, rejected: 2, lastSeen: 499 * second),
            clients: [
                BucketSnapshot(
                    key: "10.0.0.9", tokens: 0.5, burst: 5, rate: 1, allowed: 5, rejected: 9, lastSeen: 498 * second)
            ])
        d.policy = PolicyStore.Snapshot(
            mode: .abac, path: "/var/lib/kube-console/policy.jsonl",
            rules: [
                PolicyRule(
                    line: 3, user: "admin", group: "", readonly: false, apiGroup: "*", namespace: "*", resource: "*",
                    nonResourcePath: "*"),
                PolicyRule(
                    line: 5, user: "", group: "system:authenticated", readonly: true, apiGroup: "", namespace: "",
                    resource: "", nonResourcePath: "/version"),
            ],
            loadedAt: now, lastResult: .refused("policy.jsonl:4: invalid JSON"))
        return d
    }

    /// Renders like the app: clamp the model to the data, then draw.
    static func render(_ model: inout ConsoleModel, _ data: ConsoleData, _ width: Int, _ height: Int) -> Canvas {
        model.userRows = data.users.map(\.user)
        model.masterRows = data.masters
        model.pageSize = Screen.pageSize(height: height)
        model.clamp(rows: Screen.rowCounts(data, model))
        return Screen.render(model, data, width: width, height: height)
    }
}
