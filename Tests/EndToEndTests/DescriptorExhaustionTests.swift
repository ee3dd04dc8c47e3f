import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary under a hard descriptor limit of 256, flooded with more idle connections than it has
/// descriptors: it neither spins nor stops serving the connections it has, says so at most once a second,
/// counts the pauses, and accepts again once the flood is gone. With the connection limits derived from
/// the descriptors, the port's 503 comes before `accept` can fail at all.
@Suite("descriptor exhaustion end to end")
struct DescriptorExhaustionTests {
    static let hardLimit = 256
    static let flood = 400

    static var launcher: [String]? {
        guard let prlimit = which("prlimit") else {
            print("SKIP: prlimit (util-linux) not installed")
            return nil
        }
        return [prlimit, "--nofile=\(hardLimit):\(hardLimit)"]
    }

    @Test func aFloodBeyondTheDescriptorsNeitherSpinsNorStarvesOpenConnections() throws {
        guard let launcher = Self.launcher else { return }
        // Limits far above the descriptors, so accept itself runs out (EMFILE).
        let server = try ServerProcess.serve(
            [
                "--max-connections-per-port", "5000", "--max-connections-per-client", "0",
                "--access-log=false",
            ], launcher: launcher)
        #expect(server.stderr.contains("file descriptors: \(Self.hardLimit);"), "\(server.stderr)")
        let readOnly = server.port("read-only")
        // Opened before the flood: a keep-alive client of the read-only port, and one for /metrics.
        let before = try RawClient(port: readOnly)
        let metrics = try RawClient(port: server.port("localhost"))
        try before.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try before.readResponse().status == 200)

        let flood = try IdleConnections(port: readOnly, count: Self.flood)
        defer { flood.close() }
        #expect(
            eventually(timeout: 20) {
                (try? Self.counter(metrics, #"kube_console_accept_pauses_total{port="read-only"}"#)) ?? 0 > 0
            },
            "the server never ran out of descriptors; the test proves nothing")

        let pid = server.process.processIdentifier
        let ticksBefore = try cpuTicks(pid)
        usleep(3_000_000)  // the measurement window: nothing to await, the server's CPU time is the result
        let ticks = try cpuTicks(pid) - ticksBefore
        let clockTicks = Int(sysconf(Int32(_SC_CLK_TCK)))
        let share = Double(ticks) / Double(clockTicks) / 3
        print(
            "server CPU over 3 s with \(Self.flood) idle connections: \(ticks) ticks (\(String(format: "%.1f", share * 100))% of a core)"
        )
        #expect(share < 0.05, "the I/O loops spin: \(ticks) ticks of \(clockTicks)/s in 3 s")

        // A request on the connection opened before the flood is answered within 100 ms: the fastest of up
        // to five (a loop stuck in accept, or starved, answers none of them in time; one unlucky scheduling
        // slice of this shared machine does not fail the test).
        let started = monotonicSeconds()
        var times: [Double] = []
        for _ in 0..<5 where (times.min() ?? 1) >= 0.1 {
            let sent = monotonicSeconds()
            try before.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try before.readResponse().status == 200)
            times.append(monotonicSeconds() - sent)
        }
        let shown = times.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ", ")
        print("requests on a connection opened before the flood: answered in \(shown) ms")
        #expect((times.min() ?? 1) < 0.1, "no answer within 100 ms: \(shown) ms")

        // Said at most once a second, however many pauses there were.
        let lines = server.stderr.split(separator: "\n").filter { $0.contains("out of file descriptors") }
        #expect(!lines.isEmpty, "\(server.stderr)")
        #expect(lines.count <= Int(monotonicSeconds() - started) + 8, "\(lines.count) lines")

        flood.close()
        #expect(
            eventually(timeout: 10) {
                guard let c = try? RawClient(port: readOnly, timeout: 2) else { return false }
                return (try? c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) != nil
                    && (try? c.readResponse().status) == 200
            }, "no new connection accepted after the flood")
    }

    @Test func theDerivedPerPortLimitAnswers503BeforeDescriptorsRunOut() throws {
        guard let launcher = Self.launcher else { return }
        let server = try ServerProcess.serve(
            ["--max-connections-per-client", "0", "--access-log=false"], launcher: launcher)
        // 256 descriptors, a reserve of 64, three ports: 64 connections each.
        #expect(server.stderr.contains("connections: 64 per port (derived)"), "\(server.stderr)")
        let metrics = try RawClient(port: server.port("localhost"))
        let flood = try IdleConnections(port: server.port("read-only"), count: Self.flood)
        defer { flood.close() }
        let refused = #"kube_console_connections_refused_total{port="read-only",limit="port"}"#
        #expect(eventually(timeout: 20) { (try? Self.counter(metrics, refused)) ?? 0 >= Self.flood - 64 })
        #expect(try Self.counter(metrics, #"kube_console_accept_pauses_total{port="read-only"}"#) == 0)
        #expect(flood.answered503() > 0)
    }

    /// One series of /metrics, read over a connection opened before the flood.
    static func counter(_ client: RawClient, _ series: String) throws -> Int {
        try client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = try client.readResponse().text
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(series + " ") }) else { return -1 }
        return Int(line.split(separator: " ").last ?? "") ?? -1
    }
}

/// utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).
func cpuTicks(_ pid: Int32) throws -> Int {
    let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    // The command name (field 2) may hold spaces; the fields after it are counted from its ")".
    guard let close = stat.lastIndex(of: ")") else { throw HarnessError("odd /proc/\(pid)/stat") }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else {
        throw HarnessError("odd /proc/\(pid)/stat")
    }
    return user + system
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
