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
    final class Calls: Sendable {
        let onLoop = Mutex<[Bool]>([])
        let third = DispatchSemaphore(value: 0)
    }

    @Test func theDueHandlerRunsOnTheLoopAtEachDeadlineItReturnsUntilNil() throws {
        let server = try StreamingServer()
        let (client, stream) = try server.openStream()
        let loop = server.loop
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
