import Dispatch
import Synchronization
import Testing
import TestSupport
@testable import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Hands each request's responder to the test instead of answering.
private struct HoldingHandler: HTTPHandler {
    static let held = Mutex<(any HTTPResponder)?>(nil)

    func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
        Self.held.withLock { $0 = responder }
    }
}

/// A debug build traps when a loop-confined `Connection` method is called off its loop. Each case runs in a
/// child process (an exit test): a real server, one request held, and the method called from the test's
/// own thread instead of through the responder's hop.
@Suite("Loop confinement", .enabled(if: _isDebugAssertConfiguration(), "assertions are compiled out of release builds"))
struct LoopConfinementTests {
    // One test per method, each exit test calling `callOffItsLoop` with a literal: a parameterized exit test
    // hands its argument to the child through a capture, which mixed cases up under a loaded full run.
    @Test func respondOffItsLoopTraps() async throws {
        expectTrap(
            "respond",
            try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                Self.callOffItsLoop("respond")
            })
    }

    @Test func startStreamOffItsLoopTraps() async throws {
        expectTrap(
            "startStream",
            try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                Self.callOffItsLoop("startStream")
            })
    }

    @Test func streamWriteOffItsLoopTraps() async throws {
        expectTrap(
            "streamWrite",
            try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                Self.callOffItsLoop("streamWrite")
            })
    }

    @Test func streamFinishOffItsLoopTraps() async throws {
        expectTrap(
            "streamFinish",
            try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                Self.callOffItsLoop("streamFinish")
            })
    }

    @Test func closeOffItsLoopTraps() async throws {
        expectTrap(
            "close",
            try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                Self.callOffItsLoop("close")
            })
    }

    private func expectTrap(_ method: String, _ result: ExitTest.Result) {
        #expect(result.exitStatus == .signal(SIGILL) || result.exitStatus == .signal(SIGTRAP))
        let stderr = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(stderr.contains("Connection.\(method) called off its event loop"), "\(stderr)")
    }

    /// In the child: a real server, one request held, and `method` called from this thread instead of
    /// through the responder's hop.
    static func callOffItsLoop(_ method: String) {
        do {
            let server = HTTPServer(loopCount: 1)
            let bound = try server.bind(
                ListenerConfiguration(name: "t", host: "127.0.0.1", port: 0, handler: HoldingHandler()))
            try server.start()
            let client = try RawClient(port: bound.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            guard eventually(timeout: 20, { HoldingHandler.held.withLock { $0 != nil } }),
                let responder = HoldingHandler.held.withLock({ $0 }) as? ConnectionResponder
            else { exit(3) }
            let connection = responder.connection
            let stream = HTTPStream(sink: responder)
            switch method {
            case "respond": connection.respond(.text(.ok, "off the loop"), generation: responder.generation)
            case "startStream":
                connection.startStream(HTTPResponseHead(status: .ok), stream: stream, generation: responder.generation)
            case "streamWrite": connection.streamWrite(Array("x".utf8), stream: stream)
            case "streamFinish": connection.streamFinish(stream)
            case "close": connection.close()
            default: exit(4)
            }
        } catch {
            exit(5)
        }
        exit(0)  // not reached when the assertion traps
    }

    /// The same calls through the responder and the stream hop to the loop and answer normally.
    @Test func theResponderHopsToTheLoopFromAnyThread() throws {
        HoldingHandler.held.withLock { $0 = nil }
        let server = HTTPServer(loopCount: 1)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let bound = try server.bind(
            ListenerConfiguration(name: "t", host: "127.0.0.1", port: 0, handler: HoldingHandler()))
        try server.start()
        let client = try RawClient(port: bound.port)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { HoldingHandler.held.withLock { $0 != nil } })
        let responder = try #require(HoldingHandler.held.withLock { $0 })
        responder.send(.text(.ok, "from the test thread"))
        #expect(try client.readResponse().text == "from the test thread\n")
    }
}
