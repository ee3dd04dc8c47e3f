/// Go's time and duration text read back: what the protobuf encoder needs to turn metav1.Time, MicroTime
/// and Duration from their JSON into seconds and nanoseconds.
extension GoTime {
    /// RFC 3339 (`2006-01-02T15:04:05Z`, fractions, offsets) as seconds and nanoseconds since the Unix epoch.
    public static func parseRFC3339(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        guard let total = TableTime.parse(text) else { return nil }
        let (seconds, nanos) = total.quotientAndRemainder(dividingBy: 1_000_000_000)
        return nanos < 0 ? (seconds - 1, Int32(nanos + 1_000_000_000)) : (seconds, Int32(nanos))
    }

    /// time.ParseDuration: an optional sign, then decimal numbers each with a unit (`ns`, `us`, `µs`, `ms`,
    /// `s`, `m`, `h`), as in `1h2m3.5s`; `0` alone is zero. Nil for anything else or an overflow.
    public static func parseDuration(_ text: String) -> Int64? {
        var chars = Array(text.unicodeScalars)[...]
        var negative = false
        if let sign = chars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            chars = chars.dropFirst()
        }
        if chars == ["0"] { return 0 }
        guard !chars.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12),
        ]
        var total = 0.0
        while !chars.isEmpty {
            let number = chars.prefix { ("0"..."9").contains($0) || $0 == "." }
            guard !number.isEmpty, let value = Double(String(String.UnicodeScalarView(number))) else { return nil }
            chars = chars.dropFirst(number.count)
            let unit = String(String.UnicodeScalarView(chars.prefix { !("0"..."9").contains($0) && $0 != "." }))
            guard let scale = units.first(where: { $0.0 == unit })?.1 else { return nil }
            chars = chars.dropFirst(unit.unicodeScalars.count)
            total += value * scale
        }
        guard total < 9.2e18 else { return nil }
        return Int64((negative ? -total : total).rounded())
    }
}
