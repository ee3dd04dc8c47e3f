import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The console channel of a real `serve`, spoken by clients that only know the documented format
/// (share/doc/console-protocol.md): curl on the Unix socket and the secure port, JSON lines read with
/// Foundation, and a raw socket that never reads.
@Suite("console channel end to end", .timeLimit(.minutes(2)))
struct ConsoleChannelTests {
    func json(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    func socketPath(_ s: ServerProcess) -> String { s.dataDir + "/console.sock" }

    @Test func theSocketIsPrivateAndSaysWhichMasterItIs() throws {
        guard let curl = which("curl") else { print("SKIP: curl not installed"); return }
        let s = try ServerProcess.serve()
        var st = stat()
        #expect(lstat(socketPath(s), &st) == 0)
        #expect(st.st_mode & S_IFMT == S_IFSOCK)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(stat(s.dataDir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(s.stderr.contains("console channel: \(socketPath(s)) (local"))
        let hello = json(
            try runTool(curl, ["-s", "--unix-socket", socketPath(s), "http://localhost/debug/console/v1/hello"]).stdout)
        #expect(hello["format"] as? Int == 1)
        #expect(hello["channel"] as? String == "local")
        #expect((hello["master"] as? [String: Any])?["pid"] as? Int == Int(s.process.processIdentifier))
        #expect((hello["master"] as? [String: Any])?["dataDir"] as? String == s.dataDir)
        // Only the channel lives on the socket.
        #expect(
            try runTool(
                curl,
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socketPath(s),
                    "http://localhost/version",
                ]
            ).stdout == "404")
        // Stopped, the master takes its socket with it.
        s.signal(SIGTERM)
        #expect(s.waitForExit())
        #expect(!FileManager.default.fileExists(atPath: socketPath(s)))
    }

    @Test func theStreamCarriesNewRowsAndAnOperationRotatesAToken() throws {
        guard let curl = which("curl") else { print("SKIP: curl not installed"); return }
        let s = try ServerProcess.serve()
        let console = try UnixClient(path: socketPath(s))
        try console.send("GET /debug/console/v1/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let stream = ChunkedLines(fd: console.fd)
        #expect(
            eventually {
                stream.poll(); return stream.lines.count >= 2
            })
        let first = stream.lines.prefix(2).map(json)
        #expect(first.first?["type"] as? String == "hello")
        #expect(first.last?["type"] as? String == "snapshot")
        let users = ((first.last?["state"] as? [String: Any])?["users"] as? [[String: Any]])?.compactMap {
            $0["user"] as? String
        }
        #expect(users?.sorted() == ["admin", "kube-proxy", "kubelet", "viewer"])
        // Fingerprints only: no token is on the wire.
        #expect(!stream.lines.joined().contains(try readTokenFile(s.dataDir + "/tokens.csv")["admin"]!))
        _ = try runTool(curl, ["-s", "http://127.0.0.1:\(s.port("localhost"))/channel-probe-1"])
        #expect(
            eventually {
                stream.poll()
                return stream.lines.map(json).contains { frame in
                    (frame["requests"] as? [[String: Any]])?.contains {
                        $0["path"] as? String == "/channel-probe-1" && $0["status"] as? Int == 404
                    } == true
                }
            })

        let ca = s.dataDir + "/pki/ca.crt"
        let url = "https://127.0.0.1:\(s.port("secure"))/version"
        let old = try readTokenFile(s.dataDir + "/tokens.csv")["viewer"]!
        let rotated = json(
            try runTool(
                curl,
                [
                    "-s", "--unix-socket", socketPath(s), "-X", "POST", "-d", #"{"user":"viewer"}"#,
                    "http://localhost/debug/console/v1/tokens/rotate",
                ]
            ).stdout)
        #expect(rotated["kind"] as? String == "ConsoleOperationResult")
        #expect(rotated["outcome"] as? String == "done")
        let fresh = try #require((rotated["tokens"] as? [String: String])?["viewer"])
        let written = try readTokenFile(s.dataDir + "/tokens.csv")["viewer"]
        #expect(fresh != old && fresh == written)
        #expect(
            try runTool(
                curl,
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-H", "Authorization: Bearer \(old)",
                    url,
                ]
            ).stdout == "401")
        // Logged with who: the socket's peer by its uid.
        #expect(s.waitForStderr("console channel: a local console (uid \(getuid()), pid "))
        #expect(s.waitForStderr("): rotate-token viewer: done"))
        // A refused operation is a typed result, not an HTTP error.
        let refused = json(
            try runTool(
                curl,
                [
                    "-s", "--unix-socket", socketPath(s), "-X", "POST", "-d", #"{"user":"mallory"}"#,
                    "http://localhost/debug/console/v1/tokens/rotate",
                ]
            ).stdout)
        #expect(refused["outcome"] as? String == "refused")
        #expect(refused["message"] as? String == #"no token for user "mallory" in the token file"#)
    }

    @Test func onTheSecurePortThePolicyDecidesWhoWatchesAndWhoOperates() throws {
        guard let curl = which("curl") else { print("SKIP: curl not installed"); return }
        let s = try ServerProcess.serve()
        let tokens = try readTokenFile(s.dataDir + "/tokens.csv")
        let base = "https://127.0.0.1:\(s.port("secure"))/debug/console/v1"
        func call(_ path: String, _ token: String?, method: String = "GET") throws -> (
            code: String, body: [String: Any]
        ) {
            var args = ["-s", "--cacert", s.dataDir + "/pki/ca.crt", "-X", method, "-w", "\n%{http_code}"]
            if let token { args += ["-H", "Authorization: Bearer \(token)"] }
            let out = try runTool(curl, args + [base + path]).stdout
            let parts = out.split(separator: "\n", omittingEmptySubsequences: false)
            return (String(parts.last ?? ""), json(parts.dropLast().joined(separator: "\n")))
        }
        let admin = try call("/hello", tokens["admin"])
        #expect(
            admin.code == "200" && admin.body["peer"] as? String == "admin" && admin.body["mayWrite"] as? Bool == true)
        #expect(try call("/hello", nil).code == "401")
        for user in ["viewer", "kubelet", "kube-proxy"] {
            let watch = try call("/hello", tokens[user])
            #expect(watch.code == "403", "\(user)")
            #expect(
                watch.body["message"] as? String
                    == #"forbidden: User "\#(user)" cannot get path "/debug/console/v1/hello": No policy matched."#)
            #expect(try call("/policy/reload", tokens[user], method: "POST").code == "403", "\(user)")
        }
        // A policy line lets the viewer watch; operating is still refused, with kube-apiserver's message.
        try
            (try String(contentsOfFile: s.dataDir + "/policy.jsonl", encoding: .utf8)
            + policyLine(#""user":"viewer","readonly":true,"nonResourcePath":"/debug/console/*""#) + "\n")
            .write(toFile: s.dataDir + "/policy.jsonl", atomically: true, encoding: .utf8)
        s.signal(SIGHUP)
        #expect(eventually { (try? call("/hello", tokens["viewer"]))?.code == "200" })
        #expect(try call("/hello", tokens["viewer"]).body["mayWrite"] as? Bool == false)
        let rotate = try call("/tokens/rotate", tokens["viewer"], method: "POST")
        #expect(rotate.code == "403")
        #expect(
            rotate.body["message"] as? String
                == #"forbidden: User "viewer" cannot post path "/debug/console/v1/tokens/rotate": No policy matched."#)
        let reload = try call("/policy/reload", tokens["admin"], method: "POST")
        #expect(reload.code == "200" && reload.body["outcome"] as? String == "done")
        // The read-only and localhost ports do not serve the channel: nobody is known there.
        let plain = try runTool(
            curl,
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:\(s.port("read-only"))/debug/console/v1/hello",
            ])
        #expect(plain.stdout == "404")
    }

    @Test func aConsoleThatNeverReadsIsCutOffWithAReason() throws {
        let unread = 64 * 1024
        let s = try ServerProcess.serve(["--console-max-unread", "\(unread)", "--access-log=false"])
        let slow = try UnixClient(path: socketPath(s))
        try slow.send("GET /debug/console/v1/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
        // Traffic makes deltas; the console reads none of them.
        let traffic = try RawClient(port: s.port("localhost"))
        #expect(
            eventually(timeout: 60) {
                for i in 0..<200 {
                    try? traffic.send(
                        "GET /a-long-path-to-fill-the-console-\(i)-\(String(repeating: "x", count: 100)) HTTP/1.1\r\nHost: x\r\n\r\n"
                    )
                    _ = try? traffic.readResponse()
                }
                return s.stderr.contains("console channel: cut off a local console (uid \(getuid()), pid ")
                    && s.stderr.contains("): too slow")
            })
        // The server goes on answering while the console is cut off.
        try traffic.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try traffic.readResponse().text == "ok")
        // Reading now: what was queued, then the reason as the last frame, then the end of the connection.
        let stream = ChunkedLines(fd: slow.fd)
        #expect(
            eventually(timeout: 30) {
                stream.poll(); return stream.ended
            })
        let frames = stream.lines.map(json)
        #expect(frames.first?["type"] as? String == "hello")
        let last = try #require(frames.last)
        #expect(last["type"] as? String == "bye")
        #expect((last["reason"] as? String)?.hasPrefix("too slow:") == true)
    }

    @Test func stopFromTheSocketStopsTheMasterGracefully() throws {
        guard let curl = which("curl") else { print("SKIP: curl not installed"); return }
        let s = try ServerProcess.serve()
        let stop = json(
            try runTool(
                curl, ["-s", "--unix-socket", socketPath(s), "-X", "POST", "http://localhost/debug/console/v1/stop"]
            ).stdout)
        #expect(stop["outcome"] as? String == "done")
        #expect(s.waitForExit())
        #expect(s.process.terminationStatus == 0)
        #expect(s.stderr.contains("console channel: a local console (uid \(getuid()), pid "))
        #expect(s.stderr.contains("): stop: done"))
        #expect(s.stderr.contains("kube-console: stopped"))
    }

    @Test func readyIsNotifiedOnceThePortsListen() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let notify = dir + "/notify.sock"
        let receiver = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(receiver) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in notify.utf8.enumerated() { raw[i] = b } }
        #expect(
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(receiver, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            } == 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(receiver, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let port = freePort(), secure = freePort()
        let p = ServerProcess(
            arguments: [
                "serve", "--port", "\(port)", "--read-only-port", "0", "--secure-port", "\(secure)",
                "--public-address-override", "127.0.0.1", "--data-dir", dir + "/data",
            ], dataDir: dir + "/data")
        p.process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notify]) { $1 }
        try p.start()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(receiver, &buffer, buffer.count, 0)
        #expect(n > 0)
        let message = String(decoding: buffer[..<max(0, n)], as: UTF8.self)
        #expect(message.hasPrefix("READY=1\nMAINPID=\(p.process.processIdentifier)\n"), "\(message)")
        #expect(
            message.contains("STATUS=serving localhost http://127.0.0.1:\(port), secure https://127.0.0.1:\(secure)"))
        // READY came after the ports listen: both answer at once, without waiting.
        #expect(throws: Never.self) { _ = try RawClient(port: port) }
        #expect(throws: Never.self) { _ = try RawClient(port: secure) }
        #expect(FileManager.default.fileExists(atPath: dir + "/data/console.sock"))
        p.signal(SIGTERM)
        #expect(recv(receiver, &buffer, buffer.count, 0) > 0)
        #expect(String(decoding: buffer.prefix(10), as: UTF8.self) == "STOPPING=1")
        #expect(p.waitForExit())
    }
}
