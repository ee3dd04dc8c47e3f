/// RFC 3339 timestamps as the API writes them (`2024-05-01T10:00:00Z`, also fractions and offsets), to and from
/// nanoseconds since the Unix epoch, without Foundation's date machinery.
enum TableTime {
    static let nanosPerSecond: Int64 = 1_000_000_000

    /// Nil for absent, null, or unparseable values: the printers' zero time.
    static func parse(_ value: JSONValue?) -> Int64? {
        guard let text = value?.string else { return nil }
        return parse(text)
    }

    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var n = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if b[i] == 46 {  // '.'
            i += 1
            var scale: Int64 = nanosPerSecond / 10
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == 90 || b[i] == 122 {  // 'Z'
            i += 1
        } else if b[i] == 43 || b[i] == 45, b.count == i + 6, b[i + 3] == 58, let oh = digits(i + 1, 2),
            let om = digits(i + 4, 2)
        {
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: nanosPerSecond)
        return overflow ? nil : nanos + fraction
    }

    /// Go's `time.RFC3339` in UTC, whole seconds (`Time.UTC().Format(time.RFC3339)`).
    static func format(_ nanos: Int64) -> String {
        GoTime.rfc3339(seconds: 0, nanos: nanos, micro: false)  // floors to the second
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
