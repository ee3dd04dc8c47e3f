import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A stream's producer sees how much its client has not read yet, and can end the stream with a last
/// word and close the connection: how a slow reader is cut off with a reason.
@Suite("HTTP stream backlog")
struct StreamBacklogTests {
    /// Hands each stream it starts to the test.
    @Test func theBacklogGrowsWhileTheClientDoesNotReadAndAClosingFinishEndsTheConnection() throws {
        let server = try StreamingServer()
        let (client, stream) = try server.openStream("/flood")
        #expect(stream.backlog == 0)
        // The client reads nothing: once the kernel's buffers are full, what is written waits here.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var written = 0
        #expect(
            eventually(timeout: 20) {
                if stream.backlog > 256 * 1024 { return true }
                stream.write(chunk)
                written += chunk.count
                return false
            })
        stream.write(Array("cut off: too slow\n".utf8))
        stream.finish(closing: true)
        // Reading now: everything written, the last word, the end of the body, then the connection closes.
        let head = try client.readResponseHead()
        #expect(head.status == 200)
        var body: [UInt8] = []
        while let piece = try client.readChunk() { body += piece }
        #expect(body.count == written + "cut off: too slow\n".utf8.count)
        #expect(String(decoding: body.suffix(18), as: UTF8.self) == "cut off: too slow\n")
        #expect(client.isClosedByPeer())
        #expect(!stream.isOpen)
    }
}
