import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A loop turn serves its established connections first, then newcomers (connections that have not sent a
/// whole request head yet: a slowloris's), each kind of newcomer work (accepts, the line of waiting
/// connections, the sweep's timeouts) a step and more only within the turn's ration: what a slowloris makes
/// the loop do cannot hold up established clients' requests for long. One loop; the loop is held (a job
/// that waits) while the clients connect and send, so that it finds all of it at once in its next turn.
@Suite("Newcomer ration")
struct NewcomerRationTests {
    /// Records, on the loop, each request handled and each request rejected, with the loop's turn.
    final class TurnRecorder: HTTPHandler {
        let loop: EventLoop
        let handled = Mutex<[(path: String, turn: UInt64)]>([])
        let rejectedTurns = Mutex<[UInt64]>([])

        init(loop: EventLoop) { self.loop = loop }

        func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
            handled.withLock { $0.append((String(request.path), loop.turn)) }
            responder.send(.text(.ok, "ok"))
        }

        func rejected(_ error: HTTPParseError, _ connection: ConnectionInfo) -> HTTPResponse {
            rejectedTurns.withLock { $0.append(loop.turn) }
            return .text(error.status, error.message)
        }
    }

    final class Fixture {
        let server: HTTPServer
        let recorder: TurnRecorder
        let bound: BoundListener
        var port: Int { bound.port }

        init(newcomerBudget: NewcomerRation.Budget, connectionLimits: ConnectionLimits = ConnectionLimits()) throws {
            server = HTTPServer(loopCount: 1, newcomerBudget: newcomerBudget)
            recorder = TurnRecorder(loop: server.loops[0])
            bound = try server.bind(
                ListenerConfiguration(
                    name: "test", host: "127.0.0.1", port: 0, handler: recorder, connectionLimits: connectionLimits))
            try server.start()
        }

        /// Runs `work` while the loop is held in a job, then lets it go.
        func whileLoopHeld(_ work: () throws -> Void) rethrows {
            try server.whileLoopsHeld(work)
        }

        /// An established client (one request answered) and `count` new connections with whole requests; the
        /// newcomers connect and send, and the established client sends its second request after them, while
        /// the loop is held: the loop finds them all in one turn.
        func newcomersBehindAnEstablishedClient(count: Int) throws -> (RawClient, [RawClient]) {
            let established = try RawClient(port: port)
            try established.send(NewcomerRationTests.get("/established/1"))
            #expect(try established.readResponse().status == 200)
            var newcomers: [RawClient] = []
            try whileLoopHeld {
                for i in 0..<count {
                    let client = try RawClient(port: port)
                    try client.send(NewcomerRationTests.get("/newcomer/\(i)"))
                    newcomers.append(client)
                }
                try established.send(NewcomerRationTests.get("/established/2"))
            }
            return (established, newcomers)
        }

        deinit { server.shutdown(gracePeriod: .seconds(1)) }
    }

    static func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n" }

    /// New connections with whole requests and an established client's next request reach the loop in one
    /// turn: the established request is handled first, however many newcomers came before it.
    @Test func anEstablishedClientIsServedBeforeNewcomersOfTheSameTurn() throws {
        let f = try Fixture(newcomerBudget: .standard)
        let (established, newcomers) = try f.newcomersBehindAnEstablishedClient(count: 16)
        #expect(try established.readResponse().status == 200)
        for client in newcomers { #expect(try client.readResponse().status == 200) }
        let order = f.recorder.handled.withLock { $0.map(\.path) }
        #expect(order.count == 18)
        #expect(Array(order.prefix(2)) == ["/established/1", "/established/2"], "\(order)")
    }

    /// On a ration of one step a turn takes one newcomer step (an accept, or a connection in line served): 16
    /// newcomers with whole requests are answered in 16 turns, all of them, and the established client's
    /// request before any.
    @Test func onARationOfOneStepEachTurnTakesOneNewcomerStep() throws {
        let f = try Fixture(newcomerBudget: .oneStep)
        let (established, newcomers) = try f.newcomersBehindAnEstablishedClient(count: 16)
        for client in newcomers { #expect(try client.readResponse().status == 200) }
        #expect(try established.readResponse().status == 200)
        let handled = f.recorder.handled.withLock { $0 }
        let newcomerTurns = handled.filter { $0.path.hasPrefix("/newcomer/") }.map(\.turn)
        #expect(newcomerTurns.count == 16)
        #expect(Set(newcomerTurns).count == 16, "two newcomers served in one turn: \(handled)")
        #expect(handled.dropFirst().first?.path == "/established/2", "\(handled)")
    }

    /// Connections whose header timeout runs out in the same sweep are answered (408) one a turn on a ration
    /// of one step, and every one of them is.
    @Test func timeoutsBeyondTheRationWaitForLaterTurns() throws {
        let f = try Fixture(
            newcomerBudget: .oneStep, connectionLimits: ConnectionLimits(headerReadTimeout: .milliseconds(200)))
        var slow: [RawClient] = []
        try f.whileLoopHeld {
            for _ in 0..<8 {
                let client = try RawClient(port: f.port)
                try client.send("GET /slow HTTP/1.1\r\nHo")
                slow.append(client)
            }
        }
        for client in slow { #expect(try client.readResponse().status == 408) }
        let turns = f.recorder.rejectedTurns.withLock { $0 }
        #expect(turns.count == 8)
        #expect(Set(turns).count == 8, "two timeouts answered in one turn: \(turns)")
    }

    /// A burst of connections beyond what one turn accepts: the rest wait in the listener's backlog, which
    /// epoll reports again (level-triggered), and all are answered.
    @Test func aBurstOfConnectionsBeyondTheRationIsAllAnswered() throws {
        let f = try Fixture(newcomerBudget: .oneStep)
        var clients: [RawClient] = []
        try f.whileLoopHeld {
            for i in 0..<100 {
                let client = try RawClient(port: f.port)
                try client.send(Self.get("/burst/\(i)"))
                clients.append(client)
            }
        }
        for client in clients { #expect(try client.readResponse().status == 200) }
        #expect(eventually { f.recorder.handled.withLock { $0.count } == 100 })
    }
}
