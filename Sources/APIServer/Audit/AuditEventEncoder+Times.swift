#if canImport(Glibc)
import Glibc
#endif

/// The code and the two timestamps, written straight into a buffer of their own (they are the part of
/// every line made of many small pieces).
extension AuditEventEncoder {
    /// The most `codeAndTimes` writes: a code of 20 digits, two times of 27 bytes, and what joins them.
    static let codeAndTimesCapacity = 160

    /// `,"code":…},"requestReceivedTimestamp":"…","stageTimestamp":"…` written into a buffer of their own and
    /// appended at once: one capacity check instead of six.
    mutating func codeAndTimes(_ r: AuditRecord, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.codeAndTimesCapacity) { buffer in
            var n = 0
            Self.put(#","code":"#, into: buffer, at: &n)
            Self.putDecimal(r.code, into: buffer, at: &n)
            Self.put(#"},"requestReceivedTimestamp":""#, into: buffer, at: &n)
            putMicroTime(r.received, into: buffer, at: &n)
            Self.put(#"","stageTimestamp":""#, into: buffer, at: &n)
            putMicroTime(r.stageTime, into: buffer, at: &n)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// metav1.MicroTime: RFC 3339 in UTC with microseconds. The date and time of day are formatted once a second.
    mutating func putMicroTime(_ nanos: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        let second = nanos / 1_000_000_000
        if second != secondCache.second {
            var t = time_t(second)
            var parts = tm()
            gmtime_r(&t, &parts)
            var text = [CChar](repeating: 0, count: 32)
            let count = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%S", &parts)
            secondCache = (second, text[..<count].map { UInt8(bitPattern: $0) })
        }
        secondCache.text.withUnsafeBufferPointer { text in
            (buffer.baseAddress! + n).update(from: text.baseAddress!, count: text.count)
            n += text.count
        }
        var micros = Int((nanos % 1_000_000_000) / 1000)
        buffer[n] = UInt8(ascii: ".")
        for i in stride(from: n + 6, through: n + 1, by: -1) {
            buffer[i] = UInt8(ascii: "0") + UInt8(micros % 10)
            micros /= 10
        }
        buffer[n + 7] = UInt8(ascii: "Z")
        n += 8
    }

    static func put(_ text: StaticString, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        (buffer.baseAddress! + n).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        n += text.utf8CodeUnitCount
    }

    static func putDecimal(_ value: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        if value < 0 {
            buffer[n] = UInt8(ascii: "-")
            n += 1
        }
        var magnitude = value.magnitude, divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer[n] = UInt8(ascii: "0") + UInt8(magnitude / divisor)
            n += 1
            magnitude %= divisor
            divisor /= 10
        }
    }
}
