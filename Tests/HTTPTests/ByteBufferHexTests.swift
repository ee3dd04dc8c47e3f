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
