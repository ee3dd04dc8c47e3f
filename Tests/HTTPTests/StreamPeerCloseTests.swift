import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import HTTP

/// A stream whose client goes away ends at once (its close handlers run, the descriptor is freed), without
/// waiting for the next write to fail or the stream's timeout, as kube-apiserver ends such a watch.
@Suite("Stream ended by the client")
struct StreamPeerCloseTests {
    @Test func aStreamEndsWhenItsClientCloses() throws {
        let server = try StreamingServer()
        let (client, stream) = try server.openStream()
        #expect(try client.readResponseHead().status == 200)
        let closed = DispatchSemaphore(value: 0)
        stream.onClose { closed.signal() }
        #expect(stream.isOpen)
        shutdown(client.fd, Int32(SHUT_WR))  // FIN, and nothing written to the stream after it
        #expect(closed.wait(timeout: .now() + 30) == .success)
        #expect(!stream.isOpen)
    }
}
