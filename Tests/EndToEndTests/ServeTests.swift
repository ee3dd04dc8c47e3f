import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console serve` as an operator runs it: the real binary, real sockets, real clients.
@Suite("serve end to end")
struct ServeTests {
    @Test func keepAliveReuseWithCurl() throws {
        guard let curl = which("curl") else { print("SKIP: curl not installed"); return }
        let s = try ServerProcess.serve()
        let base = "http://127.0.0.1:\(s.port("localhost"))"
        let r = try runTool(curl, ["-sv", "\(base)/healthz", "\(base)/version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ok"))
        #expect(r.stdout.contains("\"gitVersion\": \"v1.32.0+kube-console."))
        #expect(
            r.stderr.contains("Re-using existing connection") || r.stderr.contains("Reusing existing connection"),
            "\(r.stderr)")
    }

    /// The server maps no Foundation library (FoundationEssentials alone was a megabyte of its idle RSS):
    /// its own base64, file and time helpers stand in.
    @Test func theServerLoadsNoFoundation() throws {
        let s = try ServerProcess.serve()
        // Read to the end (a /proc file has no size, and one read returns a page of it).
        let maps = try runTool("/bin/cat", ["/proc/\(s.process.processIdentifier)/maps"]).stdout
        #expect(
            !maps.contains("libFoundation"), "\(maps.split(separator: "\n").filter { $0.contains("libFoundation") })")
        #expect(maps.contains("libssl"))  // the maps were read: the server's own libraries are there
    }

    @Test func garbageGets400ThenTheNextConnectionWorks() throws {
        let s = try ServerProcess.serve()
        let bad = try RawClient(port: s.port("localhost"))
        try bad.send("\u{16}\u{03}\u{01}garbage that is not http\r\n\r\n")
        #expect(try bad.readResponse().status == 400)
        #expect(bad.isClosedByPeer())
        let good = try RawClient(port: s.port("localhost"))
        try good.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try good.readResponse().text == "ok")
    }

    @Test func readOnlyPortRefusesWritesWithoutSpendingTokens() throws {
        let s = try ServerProcess.serve(["--api-burst", "4", "--api-rate", "0.001"])
        let port = s.port("read-only")
        let c = try RawClient(port: port)
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            try c.send("\(method) /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            let r = try c.readResponse()
            #expect(r.status == 403, "\(method)")
            #expect(r.text == "This is a read-only endpoint.\n")
        }
        // All four tokens are still there: four GETs pass, the fifth is throttled.
        for _ in 0..<4 {
            try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse().status == 200)
        }
        try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let limited = try c.readResponse()
        #expect(limited.status == 429)
        #expect(Int(limited.header("retry-after") ?? "") ?? 0 >= 1)
        let status = try JSONSerialization.jsonObject(with: Data(limited.body)) as? [String: Any]
        #expect(status?["kind"] as? String == "Status")
        #expect(status?["reason"] as? String == "TooManyRequests")
        #expect(status?["code"] as? Int == 429)
        // The localhost port is not limited.
        let local = try RawClient(port: s.port("localhost"))
        try local.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try local.readResponse().status == 200)
    }

    @Test func retryAfterAfterTheBurstWithRefill() throws {
        let s = try ServerProcess.serve(["--api-burst", "2", "--api-rate", "1"])
        let c = try RawClient(port: s.port("read-only"))
        var codes: [Int] = []
        for _ in 0..<3 {
            try c.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try c.readResponse()
            codes.append(r.status)
            if r.status == 429 { #expect(r.header("retry-after") == "1") }
        }
        #expect(codes == [200, 200, 429])
    }

    @Test func unknownRouteIsAKubernetesStatus404() throws {
        let s = try ServerProcess.serve()
        let c = try RawClient(port: s.port("localhost"))
        try c.send("GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 404)
        #expect(r.header("content-type") == "application/json")
        let status = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
        #expect(status?["kind"] as? String == "Status")
        #expect(status?["apiVersion"] as? String == "v1")
        #expect(status?["status"] as? String == "Failure")
        #expect(status?["reason"] as? String == "NotFound")
        #expect(status?["code"] as? Int == 404)
        #expect((status?["metadata"] as? [String: Any])?.isEmpty == true)
    }

    @Test func metricsCountWhatWasSent() throws {
        let s = try ServerProcess.serve()
        let c = try RawClient(port: s.port("localhost"))
        for _ in 0..<3 {
            try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try c.readResponse()
        }
        try c.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try c.readResponse()
        let ro = try RawClient(port: s.port("read-only"))
        try ro.send("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try ro.readResponse()
        try c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let metrics = try c.readResponse().text
        #expect(metrics.contains(#"kube_console_http_requests_total{port="localhost",method="GET",code="200"} 3"#))
        #expect(metrics.contains(#"kube_console_http_requests_total{port="localhost",method="GET",code="404"} 1"#))
        #expect(metrics.contains(#"kube_console_http_requests_total{port="read-only",method="DELETE",code="403"} 1"#))
        #expect(metrics.contains(#"kube_console_http_request_duration_seconds_count{port="localhost"} 4"#))
        #expect(metrics.contains(#"kube_console_open_connections{port="localhost"} 1"#))
        #expect(metrics.contains(#"kube_console_open_connections{port="read-only"} 1"#))
    }

    @Test func accessLogOnStdoutAndItsSwitch() throws {
        let s = try ServerProcess.serve()
        let c = try RawClient(port: s.port("localhost"))
        try c.send("GET /version?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try c.readResponse()
        #expect(s.waitForStdout(#"localhost 127.0.0.1 - "GET /version" 200"#))

        let quiet = try ServerProcess.serve(["--access-log=false"])
        let q = try RawClient(port: quiet.port("localhost"))
        try q.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try q.readResponse()
        quiet.signal(SIGTERM)
        #expect(quiet.waitForExit())
        #expect(quiet.stdout.isEmpty)
    }

    @Test func sigtermFinishesTheRequestInFlightAndExitsZero() throws {
        let s = try ServerProcess.serve()
        let c = try RawClient(port: s.port("localhost"))
        // Half a request: the body is still on its way when SIGTERM arrives.
        try c.send("PUT /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab")
        let idle = try RawClient(port: s.port("localhost"))
        try idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try idle.readResponse()
        s.signal(SIGTERM)
        #expect(s.waitForStderr("shutting down"))
        #expect(idle.isClosedByPeer())  // idle keep-alive connections close at once
        try c.send("cde")
        let r = try c.readResponse()
        #expect(r.status == 405)  // answered (healthz is GET-only), not dropped
        #expect(r.header("connection") == "close")
        #expect(s.waitForExit())
        #expect(s.process.terminationStatus == 0)
        // Nothing listens any more.
        #expect(throws: (any Error).self) { _ = try RawClient(port: s.port("localhost")) }
    }

    @Test func portZeroDisablesAPort() throws {
        let p = freePort()
        let s = try ServerProcess.serve(["--read-only-port", "0", "--port", String(p)])
        #expect(s.stderr.contains("read-only port disabled (--read-only-port=0)"))
        let c = try RawClient(port: p)
        try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try c.readResponse().status == 200)
    }

    @Test func badFlagsAreOneLineAndExitTwo() throws {
        for (args, needle) in [
            (["serve", "--nope"], "unknown flag: --nope"),
            (["serve", "--port", "http"], "invalid value \"http\" for flag --port"),
            (["serve", "-read_only_port"], "flag needs an argument: -read_only_port"),
            (["frobnicate"], "unknown command: frobnicate"),
        ] {
            let r = try ServerProcess.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains(needle), "\(r.stderr)")
        }
    }

    @Test func helpListsEveryFlagWithItsDefault() throws {
        for args in [["--help"], ["serve", "--help"]] {
            let r = try ServerProcess.run(args)
            #expect(r.status == 0)
            for needle in [
                "--port, -port", "--read-only-port, -read_only_port",
                "--public-address-override, -public_address_override",
                "--api-rate, -api_rate", "(default 8080)", "(default 7080)", "(default 200)", "--access-log",
            ] {
                #expect(r.stdout.contains(needle), "\(args): \(needle)")
            }
        }
    }

    @Test func bindFailureNamesThePortTheFlagAndTheCause() throws {
        let holder = try ServerProcess.serve()
        let taken = holder.port("localhost")
        let r = try ServerProcess.run(["serve", "--port", String(taken), "--read-only-port", "0", "--secure-port", "0"])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "cannot listen on the localhost port (--port=\(taken)) at 127.0.0.1: address already in use"),
            "\(r.stderr)")
        if getuid() != 0 {
            let low = try ServerProcess.run(["serve", "--port", "81", "--read-only-port", "0", "--secure-port", "0"])
            #expect(low.stderr.contains("permission denied"))
        }
    }

    @Test func nonLoopbackLocalhostPortWarnsLoudly() throws {
        let s = try ServerProcess.serve(["--address", "0.0.0.0"])
        #expect(s.stderr.contains("WARNING: the localhost port (--address=0.0.0.0) is not on a loopback address"))
    }

}
