import Dispatch
import Synchronization
import Testing
import TestSupport

@testable import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// Answers to the requests of one batch of events are written after the batch, back to back
/// (`EventLoop.deferFlush`), at most `maxDeferredFlushes` at a time. Each test holds the loop in a job
/// while its clients send, so that one epoll_wait returns all their requests; the handler then looks at
/// the other clients' sockets: an answer written at once would already be there.
@Suite struct DeferredFlushTests {
    /// Answers `/n` and records, for each request, how many of the clients already had an answer waiting.
    final class PeekingHandler: HTTPHandler, @unchecked Sendable {
        let clients = Mutex<[Int32]>([])
        let answeredBefore = Mutex<[Int]>([])
        /// Signalled once per `/n` request handled: the test reads no answer before all are (a read would
        /// take an answer out of the socket the handler peeks into).
        let handled = DispatchSemaphore(value: 0)

        func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
            if request.path == "/n" {
                let fds = clients.withLock { $0 }
                let waiting = fds.filter { fd in
                    var byte: UInt8 = 0
                    return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 1
                }.count
                answeredBefore.withLock { $0.append(waiting) }
                handled.signal()
            }
            responder.send(.text(.ok, "ok"))
        }
    }

    /// `count` clients past their first request (a newcomer's answer is not deferred), each with a second
    /// request sent while the loop was held (then its write side shut with `halfClose`); the handler's
    /// counts for those requests.
    private func batch(of count: Int, halfClose: Bool = false) throws -> [Int] {
        let handler = PeekingHandler()
        let server = HTTPServer(loopCount: 1)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let bound = try server.bind(
            ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, handler: handler))
        try server.start()
        let clients = try (0..<count).map { _ in try RawClient(port: bound.port) }
        for client in clients {
            try client.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        handler.clients.withLock { $0 = clients.map(\.fd) }

        try server.whileLoopsHeld {
            for client in clients {
                try client.send("GET /n HTTP/1.1\r\nHost: t\r\n\r\n")
                if halfClose { client.shutdownWrite() }
            }
        }
        for _ in clients { try #require(handler.handled.wait(timeout: .now() + 10) == .success) }
        for client in clients {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("ok"))
        }
        return handler.answeredBefore.withLock { $0 }
    }

    @Test func answersOfOneBatchAreWrittenAfterItsLastRequest() throws {
        let counts = try batch(of: 3)
        #expect(counts == [0, 0, 0])
    }

    /// The request and the client's FIN are read in the same batch: the answer waiting for the batch's end
    /// is written before the connection closes (`batch` reads every answer).
    @Test func aClientThatHalfClosesStillGetsTheAnswerThatWaited() throws {
        #expect(try batch(of: 2, halfClose: true).count == 2)
    }

    @Test func atMostTheLimitWaits() throws {
        let counts = try batch(of: EventLoop.maxDeferredFlushes + 1)
        #expect(counts.count == EventLoop.maxDeferredFlushes + 1)
        // The request after the limit finds the answers before it written; none earlier finds any.
        #expect(counts.max() == EventLoop.maxDeferredFlushes, "\(counts)")
        #expect(counts.filter { $0 > 0 }.count == 1)
    }
}
