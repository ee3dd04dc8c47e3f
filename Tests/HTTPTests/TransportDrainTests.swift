import Testing

@testable import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// A read that leaves the socket empty says so (`inputDrained`), which lets a connection skip the read
/// that would only return EAGAIN; a read that fills its buffer does not, so the rest is read at once.
@Suite struct TransportDrainTests {
    private func socketPair() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        let rc = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        try #require(rc == 0)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        return (fds[0], fds[1])
    }

    private func send(_ fd: Int32, count: Int) {
        let bytes = [UInt8](repeating: 0x61, count: count)
        #expect(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, count) } == count)
    }

    @Test func aShortReadDrainsAndAFullOneDoesNot() throws {
        let (server, client) = try socketPair()
        defer { Glibc.close(server); Glibc.close(client) }
        let transport = PlainTransport(fd: server)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 1)
        defer { buffer.deallocate() }

        send(client, count: 250)
        #expect(transport.read(into: buffer) == .bytes(100))
        #expect(!transport.inputDrained)
        #expect(transport.read(into: buffer) == .bytes(100))
        #expect(!transport.inputDrained)
        #expect(transport.read(into: buffer) == .bytes(50))
        #expect(transport.inputDrained)
        #expect(transport.read(into: buffer) == .wouldBlock)
    }
}
