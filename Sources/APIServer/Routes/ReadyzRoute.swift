import KubeAPI
import HTTP

/// `/readyz` as kube-apiserver answers it: `ok` while every check passes; otherwise 500 with one line per
/// check (`[-]etcd failed: reason withheld`, since the endpoint is public) and `readyz check failed`.
/// `?verbose` lists the checks on success too. With etcd, the `etcd` check fails while no endpoint answers.
public struct ReadyzRoute: APIHandler {
    public struct Check: Sendable {
        public let name: String
        public let passes: @Sendable () -> Bool

        public init(_ name: String, _ passes: @escaping @Sendable () -> Bool) {
            self.name = name
            self.passes = passes
        }
    }

    let checks: [Check]

    public init(checks: [Check]) {
        self.checks = [Check("ping") { true }, Check("log") { true }] + checks
    }

    public func handle(_ exchange: Exchange) {
        let request = exchange.request
        guard request.method == "GET" || request.method == "HEAD" else {
            exchange.respond(StatusError.methodNotAllowed(request.method, path: request.path).response)
            return
        }
        var lines = ""
        var failed = false
        for check in checks {
            if check.passes() {
                lines += "[+]\(check.name) ok\n"
            } else {
                lines += "[-]\(check.name) failed: reason withheld\n"
                failed = true
            }
        }
        let verbose =
            request.query?.split(separator: "&").contains { $0 == "verbose" || $0.hasPrefix("verbose=") } ?? false
        let body: String
        if failed {
            body = lines + "readyz check failed\n"
        } else {
            body = verbose ? lines + "readyz check passed\n" : "ok"
        }
        exchange.respond(
            HTTPResponse(
                status: failed ? .internalServerError : .ok,
                headers: HTTPHeaders([
                    ("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff"),
                ]), body: Array(body.utf8)))
    }
}
