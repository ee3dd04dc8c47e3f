import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// Listening on a Unix-domain socket: the same parser, limits and streams as a TCP port, a 0600 file,
/// and the kernel's word on who connected (SO_PEERCRED) deciding who is served.
@Suite("Unix-domain sockets")
struct UnixSocketTests {
    final class UnixServer {
        let server = HTTPServer(loopCount: 1)
        let directory = makeTemporaryDirectory()
        var path: String { directory + "/test.sock" }

        init(gate: PeerCredentialGate? = nil) throws {
            try server.bind(
                ListenerConfiguration(
                    name: "local", host: "", port: 0, handler: TestHandler(), transport: gate,
                    unixSocketPath: directory + "/test.sock"))
            try server.start()
        }

        func client() -> HTTPClientPool { HTTPClientPool(origin: HTTPOrigin(unixSocket: path), tls: nil) }

        deinit {
            server.shutdown(gracePeriod: .seconds(1))
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func requestsAreServedOverTheSocketWhoseFileIsPrivate() throws {
        let s = try UnixServer()
        var st = stat()
        #expect(lstat(s.path, &st) == 0)
        #expect(st.st_mode & S_IFMT == S_IFSOCK)
        #expect(st.st_mode & 0o777 == 0o600)
        let response = try s.client().perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "local local\n")
        let stream = try s.client().openStream(HTTPClientRequest(path: "/stream"), timeout: .seconds(5))
        var text = ""
        while let piece = try stream.next(deadline: .seconds(5)) { text += String(decoding: piece, as: UTF8.self) }
        #expect(text == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
    }

    @Test func aStaleSocketIsReplacedAndALiveOneIsInUse() throws {
        let s = try UnixServer()
        // Live: another listener on the same path is refused, and the first one still answers.
        #expect(throws: SocketError.self) { try Socket.listenUnix(path: s.path, mode: 0o600, backlog: 1) }
        #expect(
            try s.client().perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true).status
                == 200)
        // Stale: a socket file nobody listens on (a master that died) is taken over.
        let stale = s.directory + "/stale.sock"
        var address = try Socket.unixAddress(stale)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            } == 0)
        close(fd)
        let again = try Socket.listenUnix(path: stale, mode: 0o600, backlog: 1)
        close(again)
        // Anything else at the path is left alone.
        let file = s.directory + "/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("keep".utf8)))
        #expect(throws: SocketError.self) { try Socket.listenUnix(path: file, mode: 0o600, backlog: 1) }
        #expect(FileManager.default.contents(atPath: file) == Data("keep".utf8))
    }

    @Test func aPeerOfAUIDNotAllowedIsRefusedBeforeItsRequestIsRead() throws {
        // Our own uid left out: this process is the other user.
        let s = try UnixServer(gate: PeerCredentialGate(allowedUIDs: [getuid() &+ 4242]))
        let response = try s.client().perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
        #expect(response.status == 403)
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == "uid \(getuid()) may not use this socket (allowed: uid \(getuid() &+ 4242))\n")
        // The server's own user is let in.
        let own = try UnixServer(gate: .serverUserAndRoot)
        #expect(
            try own.client().perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true).status
                == 200)
    }

    @Test func anotherUserIsRefusedByTheKernelsCredentials() throws {
        guard getuid() == 0, let setpriv = which("setpriv"), let curl = which("curl") else {
            print("SKIP: needs root, setpriv and curl to connect as another user")
            return
        }
        let s = try UnixServer(gate: .serverUserAndRoot)
        // Open the way through the file system, so that only the credential check stands between.
        chmod(s.directory, 0o755)
        chmod(s.path, 0o666)
        let nobody = try runTool(
            setpriv,
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", curl, "-sS", "--unix-socket", s.path,
                "-w", "\n%{http_code}", "http://localhost/peer",
            ])
        #expect(nobody.stdout == "uid 65534 may not use this socket (allowed: uid 0)\n\n403", "\(nobody.stderr)")
        let root = try runTool(curl, ["-s", "--unix-socket", s.path, "http://localhost/peer"])
        #expect(root.stdout == "local local\n")
    }
}
