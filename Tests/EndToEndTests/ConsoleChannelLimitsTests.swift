import Foundation
import Testing
import TestSupport

/// What an attached console shows of the limits comes through the console channel of a real `serve`:
/// each port's connection limits and refusals, the descriptor budget, the in-flight limits and the audit
/// log's counts, read by a client of the documented format only.
@Suite("console channel end to end: limits", .timeLimit(.minutes(2)))
struct ConsoleChannelLimitsTests {
    func json(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    @Test func theStreamCarriesLimitsRefusalsAndTheAuditLog() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try ServerProcess.serve([
            "--max-connections-per-client", "2", "--max-requests-inflight", "7", "--audit-log-path", dir + "/audit.log",
        ])
        let console = try UnixClient(path: s.dataDir + "/console.sock")
        try console.send("GET /debug/console/v1/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let stream = ChunkedLines(fd: console.fd)

        // Two connections from this host fill the read-only port's share for a client; a third is refused.
        let held = try (0..<2).map { _ in try RawClient(port: s.port("read-only")) }
        for client in held {
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let third = try RawClient(port: s.port("read-only"))
        #expect(try third.readResponse().status == 503)

        func readOnlyDoor(_ frame: [String: Any]) -> [String: Any]? {
            let ports = (frame["state"] as? [String: Any])?["ports"] as? [[String: Any]]
            let port = ports?.first { $0["port"] as? String == "read-only" }
            return (port?["stats"] as? [String: Any])?["door"] as? [String: Any]
        }
        var last: [String: Any] = [:]
        #expect(
            eventually(timeout: 10) {
                stream.poll()
                guard let frame = stream.lines.last.map(json), let door = readOnlyDoor(frame) else { return false }
                last = frame
                return door["refusedClientFull"] as? Int == 1
            }, "the refusal never reached the console: \(last)")
        let door = try #require(readOnlyDoor(last))
        #expect(door["maxConnectionsPerClient"] as? Int == 2)
        #expect((door["maxConnections"] as? Int ?? 0) > 0)
        #expect(door["refusedPortFull"] as? Int == 0 && door["acceptPaused"] as? Bool == false)
        let state = try #require(last["state"] as? [String: Any])
        let readOnly = (state["inFlight"] as? [String: Any])?["readOnly"] as? [String: Any]
        #expect(readOnly?["limit"] as? Int == 7)
        let audit = state["audit"] as? [String: Any]
        #expect(audit?["path"] as? String == dir + "/audit.log")
        #expect((audit?["written"] as? Int ?? -1) >= 0)
        let budget = (stream.lines.dropFirst().first.map(json)?["state"] as? [String: Any])?["master"] as? [String: Any]
        #expect((budget?["connectionBudget"] as? String)?.hasPrefix("file descriptors: ") == true)
    }
}
