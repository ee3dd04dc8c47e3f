import Dispatch
import Foundation
import Testing
import TestSupport
@testable import HTTP

/// A handler with a few behaviours the engine must support: inline, deferred (another thread), streaming,
/// and held until the test releases it.
struct TestHandler: HTTPHandler {
    let release = DispatchSemaphore(value: 0)

    func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
        switch request.path {
        case "/echo":
            responder.send(
                HTTPResponse(status: .ok, headers: HTTPHeaders([("X-Method", request.method)]), body: request.body))
        case "/deferred":
            DispatchQueue.global().async {
                responder.send(.text(.ok, "deferred \(request.target)"))
            }
        case "/stream":
            let stream = responder.stream(
                HTTPResponseHead(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")])))
            DispatchQueue.global().async {
                for i in 1...3 { stream.write(Array("{\"n\":\(i)}\n".utf8)) }
                stream.finish()
            }
        case "/hold":
            DispatchQueue.global().async {
                release.wait()
                responder.send(.text(.ok, "released"))
            }
        case "/peer":
            responder.send(.text(.ok, "\(context.connection.listenerName) \(context.connection.peerHost)"))
        default:
            responder.send(.text(.notFound, "no such path"))
        }
    }
}

final class TestServer {
    let server: HTTPServer
    let bound: BoundListener
    let handler = TestHandler()
    var port: Int { bound.port }

    init(limits: HTTPLimits = HTTPLimits(), connectionLimits: ConnectionLimits = ConnectionLimits(), loops: Int = 2)
        throws
    {
        server = HTTPServer(loopCount: loops)
        bound = try server.bind(
            ListenerConfiguration(
                name: "test", host: "127.0.0.1", port: 0, handler: handler,
                limits: limits, connectionLimits: connectionLimits))
        try server.start()
    }

    func client() throws -> RawClient { try RawClient(port: port) }

    deinit { server.shutdown(gracePeriod: .seconds(1)) }
}

@Suite("HTTP engine over real sockets")
struct ServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let s = try TestServer()
        let c = try s.client()
        for i in 0..<5 {
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n\(i)")
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text == "\(i)")
            #expect(r.header("connection") == nil)
            #expect(r.header("date") != nil)
        }
        #expect(s.bound.openConnections == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrderEvenWhenDeferred() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send(
            "GET /deferred?1 HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhiGET /deferred?3 HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        #expect(try c.readResponse().text == "deferred /deferred?1\n")
        #expect(try c.readResponse().text == "hi")
        #expect(try c.readResponse().text == "deferred /deferred?3\n")
    }

    @Test func chunkedRequestBodyAndExpectContinue() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n"
        )
        #expect(try c.readResponse().text == "abcde")
        try c.send("PUT /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(try c.readResponse().status == 100)
        try c.send("12345")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.text == "12345")
    }

    @Test func headGetsHeadersWithoutBody() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("HEAD /peer HTTP/1.1\r\nHost: t\r\n\r\nGET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try c.readResponse(head: true)
        #expect(head.status == 200)
        #expect(head.header("content-length") == "15")
        let get = try c.readResponse()
        #expect(get.text == "test 127.0.0.1\n")
    }

    @Test func streamedResponseIsChunkedAndTheConnectionStaysUsable() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try c.readResponseHead()
        #expect(head.header("transfer-encoding") == "chunked")
        var lines: [String] = []
        while let chunk = try c.readChunk() { lines.append(String(decoding: chunk, as: UTF8.self)) }
        #expect(lines == ["{\"n\":1}\n", "{\"n\":2}\n", "{\"n\":3}\n"])
        try c.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().status == 200)
    }

    @Test func connectionCloseIsHonoured() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /peer HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.header("connection") == "close")
        #expect(c.isClosedByPeer())
        // HTTP/1.0 without keep-alive closes too.
        let d = try s.client()
        try d.send("GET /peer HTTP/1.0\r\n\r\n")
        #expect(try d.readResponse().status == 200)
        #expect(d.isClosedByPeer())
    }

    @Test func garbageGets400AndCloseAndTheServerCarriesOn() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GARBAGE\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 400)
        #expect(r.header("connection") == "close")
        #expect(c.isClosedByPeer())
        let d = try s.client()
        try d.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try d.readResponse().status == 200)
    }

    @Test func oversizedHeaderGets431() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "x", count: 70_000) + "\r\n\r\n")
        #expect(try c.readResponse().status == 431)
    }

    @Test func oversizedBodyGets413() throws {
        let s = try TestServer(limits: HTTPLimits(maxHeaderBytes: 4096, maxBodyBytes: 100))
        let c = try s.client()
        try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n")
        #expect(try c.readResponse().status == 413)
    }

    @Test func slowHeaderGets408AndClose() throws {
        let s = try TestServer(connectionLimits: ConnectionLimits(headerReadTimeout: .milliseconds(300)))
        let c = try s.client()
        try c.send("GET / HTTP/1.1\r\nHost: t\r\n")
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(c.isClosedByPeer())
    }

    @Test func idleConnectionIsClosed() throws {
        let s = try TestServer(connectionLimits: ConnectionLimits(idleTimeout: .milliseconds(300)))
        let c = try s.client()
        try c.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().status == 200)
        #expect(c.isClosedByPeer())
        #expect(eventually { s.bound.openConnections == 0 })
    }

    @Test func connectionLimitPerPort() throws {
        let s = try TestServer(connectionLimits: ConnectionLimits(maxConnections: 2))
        let a = try s.client(), b = try s.client()
        for c in [a, b] {
            try c.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 200)
        }
        let third = try s.client()
        #expect(try third.readResponse().status == 503)
        #expect(third.isClosedByPeer())
    }

    @Test func connectionLimitPerClientAddress() throws {
        let s = try TestServer(connectionLimits: ConnectionLimits(maxConnectionsPerClient: 2))
        let a = try s.client(), b = try s.client()
        for c in [a, b] {
            try c.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 200)
        }
        let third = try s.client()
        #expect(try third.readResponse().status == 503)
        #expect(third.isClosedByPeer())
        #expect(s.bound.refusedClientFull == 1)
        #expect(s.bound.refusedPortFull == 0)

        // Another address is another client.
        let other = try RawClient(port: s.port, from: "127.0.0.2")
        try other.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        let answer = try other.readResponse()
        #expect(answer.text == "test 127.0.0.2\n", "\(answer)")

        // A closed connection gives its slot back.
        a.shutdownWrite()
        #expect(a.isClosedByPeer())
        #expect(eventually { s.bound.openConnections == 2 })
        let again = try s.client()
        try again.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try again.readResponse().status == 200)
    }

    @Test func halfClosedClientStillGetsItsAnswer() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /deferred HTTP/1.1\r\nHost: t\r\n\r\n")
        c.shutdownWrite()
        #expect(try c.readResponse().status == 200)
        #expect(c.isClosedByPeer())
    }

    @Test func gracefulShutdownFinishesRequestsInFlight() throws {
        let handler = TestHandler()
        let server = HTTPServer(loopCount: 2)
        let bound = try server.bind(ListenerConfiguration(name: "t", host: "127.0.0.1", port: 0, handler: handler))
        try server.start()
        let busy = try RawClient(port: bound.port)
        let idle = try RawClient(port: bound.port)
        try idle.send("GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try idle.readResponse()
        try busy.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { bound.openConnections == 2 })
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown(gracePeriod: .seconds(10))
            done.signal()
        }
        #expect(idle.isClosedByPeer())  // idle connections close at once
        handler.release.signal()
        let r = try busy.readResponse()
        #expect(r.status == 200)
        #expect(r.text == "released\n")
        #expect(r.header("connection") == "close")
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(throws: (any Error).self) { _ = try RawClient(port: bound.port) }
    }

    @Test func slowStreamReaderIsDropped() throws {
        // A stream whose client reads nothing is closed once its backlog passes the limit.
        struct Flood: HTTPHandler {
            let closed = DispatchSemaphore(value: 0)
            func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
                let stream = responder.stream(HTTPResponseHead(status: .ok))
                let closed = closed
                stream.onClose { closed.signal() }
                let block = [UInt8](repeating: 0x61, count: 64 * 1024)
                DispatchQueue.global().async {
                    for _ in 0..<2_000 where stream.isOpen { stream.write(block) }
                }
            }
        }
        let flood = Flood()
        let server = HTTPServer(loopCount: 1)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let bound = try server.bind(
            ListenerConfiguration(
                name: "t", host: "127.0.0.1", port: 0, handler: flood,
                connectionLimits: ConnectionLimits(maxStreamBacklog: 1 << 20)))
        try server.start()
        let c = try RawClient(port: bound.port)
        try c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(flood.closed.wait(timeout: .now() + 20) == .success)
    }
}
