import Testing
@testable import HTTP

@Suite struct ByteBufferHexTests {
    /// Chunk sizes as String(radix: 16) writes them, without making the String.
    @Test(arguments: [0, 1, 9, 10, 15, 16, 255, 4096, 1_048_575, Int.max])
    func hexAsStringRadix16(value: Int) {
        let buffer = ByteBuffer(capacity: 64)
        buffer.append(byte: 0x2A)
        buffer.append(hex: value)
        #expect(Array(buffer.readable) == [0x2A] + Array(String(value, radix: 16).utf8))
    }
}

@Suite struct ByteBufferReleaseTests {
    /// An idle stream's buffers are given back and grow again at the next write.
    @Test func anEmptyBufferReleasesItsStorageAndGrowsAgain() {
        let buffer = ByteBuffer(capacity: 4096)
        buffer.append(Array("held".utf8))
        buffer.releaseStorage()
        #expect(buffer.capacity == 4096)  // not while it holds bytes
        buffer.consume(4)
        buffer.releaseStorage()
        #expect(buffer.capacity == 0)
        buffer.append(byte: 0x41)
        buffer.append([UInt8](repeating: 0x42, count: 100))
        #expect(Array(buffer.readable) == [0x41] + [UInt8](repeating: 0x42, count: 100))
        #expect(buffer.capacity >= 101)
    }
}
