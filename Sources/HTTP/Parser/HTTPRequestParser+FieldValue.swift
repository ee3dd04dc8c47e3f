/// Which bytes a header field's value may hold, checked for every field of every request.
extension HTTPRequestParser {
    /// HTAB, SP, visible ASCII and obs-text (RFC 9110 §5.5): no other control character, no DEL. Sixteen
    /// bytes (two words of bit arithmetic) at a time while none is below SP or DEL (a bearer token's value
    /// is some 50 bytes, on every request), the last ones as the sixteen that end the value, overlapping
    /// those before: a value's length costs by the sixteen, whatever its remainder; 8 to 15 bytes (a Host)
    /// are two overlapping words. Where a piece has such a byte (HTAB is one), the bytes are looked at one
    /// by one from there.
    static func isFieldValue(_ value: UnsafeRawBufferPointer) -> Bool {
        let count = value.count
        guard let base = value.baseAddress, count >= 8 else { return isFieldValue(value, byByteFrom: 0) }
        if count < 16 {
            if unusualBytes(base, 0) | unusualBytes(base, count - 8) == 0 { return true }
            return isFieldValue(value, byByteFrom: 0)
        }
        var i = 0
        while i + 16 <= count, unusualBytes(base, i) | unusualBytes(base, i + 8) == 0 { i += 16 }
        if i + 16 > count {
            if i == count || unusualBytes(base, count - 16) | unusualBytes(base, count - 8) == 0 { return true }
            i = count - 16
        }
        return isFieldValue(value, byByteFrom: i)
    }

    /// Non-zero when one of the eight bytes at `offset` is below SP or is DEL (exact as to whether there is
    /// one, not as to which).
    private static func unusualBytes(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
        let xorDelete = word ^ 0x7F7F_7F7F_7F7F_7F7F
        let delete = (xorDelete &- 0x0101_0101_0101_0101) & ~xorDelete & 0x8080_8080_8080_8080
        return belowSpace | delete
    }

    private static func isFieldValue(_ value: UnsafeRawBufferPointer, byByteFrom start: Int) -> Bool {
        var i = start
        while i < value.count {
            let c = value[i]
            guard c == 0x09 || (c >= 0x20 && c != 0x7F) else { return false }
            i += 1
        }
        return true
    }
}
