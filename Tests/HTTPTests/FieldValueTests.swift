import Testing

@testable import HTTP

/// `isFieldValue` checks sixteen bytes (two words) at a time, the last ones as the sixteen that end the
/// value (overlapping those before), and 8 to 15 bytes as two overlapping words: a forbidden byte is found
/// wherever it sits, in or beyond an overlap, and what RFC 9110 allows (HTAB, SP, visible ASCII, obs-text)
/// passes wherever it sits.
@Suite struct FieldValueTests {
    private func check(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { HTTPRequestParser.isFieldValue($0) }
    }

    @Test func everyForbiddenByteIsFoundAtEveryPosition() {
        let forbidden: [UInt8] = Array(0x00...0x08) + Array(0x0A...0x1F) + [0x7F]
        for length in 1...40 {
            for position in 0..<length {
                for byte in forbidden {
                    var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    value[position] = byte
                    #expect(!check(value), "byte \(byte) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func allowedBytesPassAtEveryPosition() {
        let allowed: [UInt8] = [0x09, 0x20, 0x21, 0x7E, 0x80, 0xA0, 0xFF]
        for length in [1, 8, 9, 15, 16, 23, 35] {
            for position in 0..<length {
                for byte in allowed {
                    var value = [UInt8](repeating: UInt8(ascii: "z"), count: length)
                    value[position] = byte
                    #expect(check(value), "byte \(byte) at \(position) of \(length)")
                }
            }
        }
        #expect(check([]))
        #expect(check(Array("Bearer 0123456789abcdef0123456789abcdef0123456789abcdef".utf8)))
    }
}
