import Dispatch
import Foundation
import Testing
import TestSupport
@testable import HTTP

/// The HTTP/1.1 client against the project's own server over real sockets (and OpenSSL).
@Suite("HTTP client")
struct ClientTests {
    func pool(_ port: Int, tls: ClientTLSContext? = nil) -> HTTPClientPool {
        HTTPClientPool(origin: HTTPOrigin(secure: tls != nil, host: "127.0.0.1", port: port), tls: tls)
    }

    @Test func keepAliveCarriesRequestsOnOneConnection() throws {
        let s = try TestServer()
        let client = pool(s.port)
        for _ in 0..<3 {
            let response = try client.perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
            #expect(response.status == 200 && String(decoding: response.body, as: UTF8.self) == "test 127.0.0.1\n")
        }
        #expect(client.idleCount == 1)  // one connection, back in the pool after each request
    }

    @Test func aBodyGoesOutWithContentLengthAndComesBack() throws {
        let s = try TestServer()
        let body = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        let response = try pool(s.port).perform(
            HTTPClientRequest(method: "POST", path: "/echo", body: body), timeout: .seconds(5), idempotent: false)
        #expect(response.headers["x-method"] == "POST")
        #expect(response.body == body)
    }

    @Test func aChunkedBodyIsReadWholeOrPieceByPiece() throws {
        let s = try TestServer()
        let client = pool(s.port)
        let whole = try client.perform(HTTPClientRequest(path: "/stream"), timeout: .seconds(5), idempotent: true)
        #expect(String(decoding: whole.body, as: UTF8.self) == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
        let stream = try client.openStream(HTTPClientRequest(path: "/stream"), timeout: .seconds(5))
        #expect(stream.status == 200 && stream.headers["transfer-encoding"] == "chunked")
        var text = ""
        while let piece = try stream.next(deadline: .seconds(5)) { text += String(decoding: piece, as: UTF8.self) }
        #expect(text == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
    }

    @Test func aServerThatDoesNotAnswerTimesOutAfterTheRequestLeft() throws {
        let s = try TestServer()
        defer { s.handler.release.signal() }
        #expect {
            try pool(s.port).perform(HTTPClientRequest(path: "/hold"), timeout: .milliseconds(200), idempotent: true)
        } throws: { error in
            let e = error as? HTTPClientError
            return e?.timedOut == true && e?.stage == .sent
        }
    }

    @Test func aRefusedConnectionIsNotSent() throws {
        #expect {
            try pool(freePort()).perform(HTTPClientRequest(path: "/"), timeout: .seconds(5), idempotent: false)
        } throws: { error in
            let e = error as? HTTPClientError
            return e?.stage == .notSent && e?.message == "Connection refused"
        }
    }

    @Test func abortWakesAReaderThatWaitsWithoutADeadline() throws {
        let s = try TestServer()
        defer { s.handler.release.signal() }
        // /hold sends no head until released: the reader waits for it without a deadline.
        let held = try HTTPClientConnection(
            origin: pool(s.port).origin, tls: nil, deadline: HTTPClientPool.deadline(after: .seconds(5)))
        try held.send(HTTPClientRequest(path: "/hold"), deadline: nil)
        // The abort must come while the reader waits: from another thread, a moment later.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { held.socket.abort() }
        #expect(throws: HTTPClientError.self) { try held.readHead(deadline: nil) }
    }

    @Test(arguments: ["http://127.0.0.1:2379", "https://[::1]:2379", "http://etcd-0.example", "https://h:1/"])
    func originsParse(_ url: String) throws {
        let origin = try HTTPOrigin(parsing: url, defaultPort: 2379)
        #expect(
            origin.description
                == (url.hasSuffix("/") ? String(url.dropLast()) : url.contains(":2379") ? url : url + ":2379"))
    }

    @Test(arguments: ["127.0.0.1:2379", "http://", "http://h:0", "http://h:2379/v3", "ftp://h", "http://[::1"])
    func badOriginsAreRefused(_ url: String) {
        #expect(throws: HTTPClientError.self) { try HTTPOrigin(parsing: url, defaultPort: 2379) }
    }

    @Test func tlsVerifiesTheServerAgainstTheCA() throws {
        guard TLSTests.haveOpenSSL else { print("SKIP: openssl not installed"); return }
        let f = try TLSTests.Fixture()
        let trusted = pool(f.port, tls: try ClientTLSContext(caFile: f.cert, certificateFile: nil, privateKeyFile: nil))
        let response = try trusted.perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("secure 127.0.0.1"))
        _ = try trusted.perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
        #expect(trusted.idleCount == 1)  // TLS keep-alive too (session tickets after the response don't spoil it)
        let strangers = pool(f.port, tls: try ClientTLSContext(caFile: nil, certificateFile: nil, privateKeyFile: nil))
        #expect {
            try strangers.perform(HTTPClientRequest(path: "/peer"), timeout: .seconds(5), idempotent: true)
        } throws: { error in
            let e = error as? HTTPClientError
            return e?.stage == .notSent && e?.message.contains("not trusted") == true
        }
    }
}
