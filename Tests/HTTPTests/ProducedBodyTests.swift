import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A body of `total` bytes (a repeating 0..<251 pattern) in pieces of up to 16 KiB, counting what it
/// produced and noting when it is released.
final class PatternBody: HTTPBodyProducer, @unchecked Sendable {
    static let piece = (0..<16_384).map { UInt8($0 % 251) }
    static let releasedCount = Atomic<Int>(0)
    let total: Int
    let produced = Atomic<Int>(0)
    private var offset = 0

    init(total: Int) { self.total = total }

    deinit { Self.releasedCount.add(1, ordering: .relaxed) }

    func produce(into sink: HTTPBodySink, budget: Int) -> Bool {
        var written = 0
        while offset < total && written < budget {
            let start = offset % 251
            let n = min(Self.piece.count - 251, total - offset)
            sink.write(Array(Self.piece[start..<start + n]))
            offset += n
            written += n
        }
        produced.store(offset, ordering: .relaxed)
        return offset == total
    }
}

/// Pieces given up front, one `write` each.
final class PiecesBody: HTTPBodyProducer, @unchecked Sendable {
    let pieces: [[UInt8]]
    init(_ pieces: [String]) { self.pieces = pieces.map { Array($0.utf8) } }
    func produce(into sink: HTTPBodySink, budget: Int) -> Bool {
        for piece in pieces { sink.write(piece) }
        return true
    }
}

final class ProducingHandler: HTTPHandler {
    let bodies = Mutex<[PatternBody]>([])

    func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: HTTPResponder) {
        switch request.path {
        case "/pattern":
            let total = Int(request.query ?? "") ?? 0
            let body = PatternBody(total: total)
            bodies.withLock { $0.append(body) }
            responder.send(HTTPResponse(status: .ok, streamedBody: HTTPStreamedBody(count: total, producer: body)))
        case "/mixed-stream":
            let stream = responder.stream(HTTPResponseHead(status: .ok))
            DispatchQueue.global().async {
                stream.write(Array("a".utf8))
                stream.write(PiecesBody(["p1", "p2", "p3"]), backlog: 0)
                stream.write(Array("b".utf8))
                stream.finish()
            }
        default:
            responder.send(.text(.notFound, "no such path"))
        }
    }

    /// The last body handed out, and drops the handler's own reference to it.
    func takeLast() -> PatternBody? { bodies.withLock { $0.popLast() } }
}

@Suite("Produced bodies: pulled as the client reads")
struct ProducedBodyTests {
    final class Server {
        let server = HTTPServer(loopCount: 1)
        let handler = ProducingHandler()
        let port: Int
        init() throws {
            port = try server.bind(ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, handler: handler))
                .port
            try server.start()
        }
        deinit { server.shutdown(gracePeriod: .seconds(1)) }
    }

    static func pattern(_ count: Int, from offset: Int = 0) -> [UInt8] {
        (offset..<offset + count).map { UInt8($0 % 251) }
    }

    @Test func theBodyArrivesWholeWithContentLengthAndTheConnectionStaysUsable() throws {
        let s = try Server()
        let c = try RawClient(port: s.port)
        try c.send("GET /pattern?300001 HTTP/1.1\r\nHost: t\r\n\r\nHEAD /pattern?5 HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.header("content-length") == "300001")
        #expect(r.body == Self.pattern(300_001))
        let head = try c.readResponse(head: true)
        #expect(head.header("content-length") == "5")
        try c.send("GET /pattern?0 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().body.isEmpty)
    }

    /// A client that reads slowly: the server produces only about as much as the socket takes, not the
    /// whole gigabyte; and once the client goes away the producer (and what it refers to) is released.
    @Test func aSlowReaderHoldsABoundedAmount() throws {
        let s = try Server()
        let c = try RawClient(port: s.port)
        try c.send("GET /pattern?\(1 << 30) HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try c.readResponseHead()
        let body = try #require(s.handler.takeLast())
        // What the kernel may hold between us: the server's send buffer and our receive buffer at their largest.
        let kernel = Self.sysctlMax("/proc/sys/net/ipv4/tcp_wmem") + Self.sysctlMax("/proc/sys/net/ipv4/tcp_rmem")
        let bound = kernel + ConnectionLimits.bodyWatermark + PatternBody.piece.count
        var received = 0
        for _ in 0..<8 {
            received += try c.readBytes(256 * 1024).count
            let produced = body.produced.load(ordering: .relaxed)
            #expect(produced <= received + bound, "produced \(produced) bytes with \(received) read")
        }
        #expect(received < 1 << 30)
        let releasedBefore = PatternBody.releasedCount.load(ordering: .relaxed)
        _ = consume body
        c.shutdownWrite()
        Glibc.close(c.fd)
        #expect(eventually { PatternBody.releasedCount.load(ordering: .relaxed) > releasedBefore })
    }

    @Test func aStreamKeepsItsWritesInOrderAroundAProducer() throws {
        let s = try Server()
        let c = try RawClient(port: s.port)
        try c.send("GET /mixed-stream HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try c.readResponseHead()
        var chunks: [String] = []
        while let chunk = try c.readChunk() { chunks.append(String(decoding: chunk, as: UTF8.self)) }
        #expect(chunks == ["a", "p1", "p2", "p3", "b"])
    }

    static func sysctlMax(_ path: String) -> Int {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }.last ?? 16 << 20
    }
}
