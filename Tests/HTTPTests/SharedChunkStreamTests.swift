import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A watch event goes to thousands of streams: framed once (`HTTPChunk`) and sent by each connection from
/// the shared bytes; a slow reader's unsent part waits and counts as its backlog; and a producer woken
/// off the loop is scheduled onto it (`HTTPStream.schedule`), where its writes take no hop.
@Suite("Shared chunks on streams")
struct SharedChunkStreamTests {
    /// Records whether it ran on the loop, and signals.
    final class RecordingTask: LoopTask {
        let loop: EventLoop
        let ranOnLoop = Mutex<[Bool]>([])
        let ran = DispatchSemaphore(value: 0)
        init(loop: EventLoop) { self.loop = loop }
        func runOnLoop() {
            ranOnLoop.withLock { $0.append(loop.inLoop) }
            ran.signal()
        }
    }

    @Test func oneChunkWrittenToTwoStreamsArrivesWholeOnEachAndATaskRunsOnTheLoop() throws {
        let server = try StreamingServer()
        let opened = try (0..<2).map { _ in try server.openStream() }
        let clients = opened.map(\.client), streams = opened.map(\.stream)
        let task = RecordingTask(loop: server.loop)
        streams[0].schedule(task)
        #expect(task.ran.wait(timeout: .now() + 10) == .success)
        #expect(task.ranOnLoop.withLock { $0 } == [true])
        let chunk = HTTPChunk(Array("{\"type\":\"ADDED\"}\n".utf8))
        #expect(String(decoding: chunk.framed, as: UTF8.self) == "11\r\n{\"type\":\"ADDED\"}\n\r\n")
        for stream in streams {
            stream.write(chunk)
            stream.write(chunk)
            stream.finish()
        }
        for client in clients {
            #expect(try client.readResponseHead().status == 200)
            #expect(try client.readChunk() == Array(chunk.payload))
            #expect(try client.readChunk() == Array(chunk.payload))
            #expect(try client.readChunk() == nil)
        }
    }

    @Test func sharedChunksNotReadWaitAsBacklogAndAreDeliveredInOrder() throws {
        let server = try StreamingServer()
        let (client, stream) = try server.openStream("/flood")
        // Numbered chunks until the kernel's buffers are full and some wait in the connection.
        var sent = 0
        #expect(
            eventually(timeout: 20) {
                if stream.backlog > 64 * 1024 { return true }
                for _ in 0..<64 {
                    stream.write(HTTPChunk(Array("\(sent):".utf8) + [UInt8](repeating: 0x78, count: 1000)))
                    sent += 1
                }
                return false
            })
        stream.finish()
        #expect(try client.readResponseHead().status == 200)
        var received = 0
        while let piece = try client.readChunk() {
            #expect(piece.starts(with: Array("\(received):".utf8)))
            #expect(piece.count == "\(received):".utf8.count + 1000)
            received += 1
        }
        #expect(received == sent)
    }
}
