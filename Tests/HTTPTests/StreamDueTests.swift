import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A stream's deadlines (a watch's end, its bookmarks) ride on its connection's timeout sweep instead of a
/// timer each: the handler runs on the loop, again at each deadline it returns, and no more after nil.
@Suite("Stream deadlines on the sweep")
struct StreamDueTests {
    final class StreamingHandler: HTTPHandler {
        let streams = Mutex<[HTTPStream]>([])

        func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
            let stream = responder.stream(
                HTTPResponseHead(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")])))
            streams.withLock { $0.append(stream) }
        }
    }

    final class Calls: Sendable {
        let onLoop = Mutex<[Bool]>([])
        let third = DispatchSemaphore(value: 0)
    }

    @Test func theDueHandlerRunsOnTheLoopAtEachDeadlineItReturnsUntilNil() throws {
        let handler = StreamingHandler()
        let server = HTTPServer(loopCount: 1)
        let bound = try server.bind(ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, handler: handler))
        try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: bound.port)
        try client.send("GET /watch HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { handler.streams.withLock { $0.count } == 1 })
        let stream = try #require(handler.streams.withLock { $0.first })
        let loop = server.loops[0]
        let calls = Calls()
        stream.onDue(at: monotonicNanoseconds()) { now in
            let count = calls.onLoop.withLock { onLoop in
                onLoop.append(loop.inLoop)
                return onLoop.count
            }
            if count == 3 {
                stream.write(Array("ended\n".utf8))
                stream.finish()
                calls.third.signal()
                return nil
            }
            return now + 1_000_000
        }
        #expect(calls.third.wait(timeout: .now() + 30) == .success)
        #expect(try client.readResponseHead().status == 200)
        #expect(try client.readChunk() == Array("ended\n".utf8))
        #expect(try client.readChunk() == nil)
        #expect(calls.onLoop.withLock { $0 } == [true, true, true])
    }
}
