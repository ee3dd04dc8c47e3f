import Testing
@testable import APIServer

/// What `--max-requests-inflight` leaves uncounted: kube's long-running requests, and the console
/// channel's stream, which an attached console holds for as long as it watches.
@Suite("In-flight limits: long-running requests")
struct MaxInFlightFilterTests {
    static let admin = UserInfo(name: "admin", groups: ["system:masters"])

    static func attributes(_ method: String, _ target: String) -> RequestAttributes {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return RequestAttributes.from(
            method: method, path: parts[0], query: parts.count > 1 ? parts[1] : nil, user: admin)
    }

    @Test(arguments: [
        ("GET", "/api/v1/namespaces/default/pods?watch=1", true),
        ("GET", "/api/v1/watch/pods", true),
        ("GET", "/api/v1/namespaces/default/pods/p/log", true),
        ("POST", "/api/v1/namespaces/default/pods/p/exec", true),
        ("GET", "/debug/console/v1/stream", true),
        ("GET", "/api/v1/namespaces/default/pods", false),
        ("GET", "/api/v1/namespaces/default/pods/p", false),
        ("POST", "/debug/console/v1/tokens/rotate", false),
        ("GET", "/debug/console/v1/hello", false),
        ("GET", "/version", false),
    ])
    func longRunningRequestsAreNotCounted(method: String, target: String, longRunning: Bool) {
        #expect(MaxInFlightFilter.isLongRunning(Self.attributes(method, target)) == longRunning)
    }
}
