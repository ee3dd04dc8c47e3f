/// Go's time and duration text, computed without Foundation: the forms Kubernetes objects carry
/// (metav1.Time, MicroTime, Duration). Shared by the protobuf decoder, the Table printers and the REST rules.
public enum GoTime {
    /// RFC 3339 in UTC: `2006-01-02T15:04:05Z`, or with six fractional digits for MicroTime.
    public static func rfc3339(seconds: Int64, nanos: Int64, micro: Bool) -> String {
        var total = seconds.addingReportingOverflow(nanos / 1_000_000_000).partialValue
        var nanos = nanos % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; total -= 1 }
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let (y, m, d) = civil(days: days)
        var text =
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if micro { text += "." + pad(nanos / 1000, 6) }
        return text + "Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// time.Duration.String(): `0s`, `1.5µs`, `2ms`, `1m30s`, `1h0m0s`.
    public static func duration(_ d: Int64) -> String {
        if d == 0 { return "0s" }
        var u = d.magnitude
        var text: String
        if u < 1_000_000_000 {
            switch u {
            case ..<1000: text = "\(u)ns"
            case ..<1_000_000: text = fraction(&u, 3) + "µs"
            default: text = fraction(&u, 6) + "ms"
            }
        } else {
            text = fraction(&u, 9)
            text = "\(u % 60)" + text + "s"
            u /= 60
            if u > 0 {
                text = "\(u % 60)m" + text
                u /= 60
                if u > 0 { text = "\(u)h" + text }
            }
        }
        return (d < 0 ? "-" : "") + text
    }

    /// The low `digits` decimal digits of `v` as a fraction without trailing zeros (".5", or "" when zero);
    /// `v` keeps the rest. For the sub-second units the integral part is prepended too.
    private static func fraction(_ v: inout UInt64, _ digits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = v / scale, rest = v % scale
        v = whole
        var frac = rest == 0 ? "" : String(rest)
        if rest != 0 {
            frac = String(repeating: "0", count: digits - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            frac = "." + frac
        }
        return digits < 9 ? "\(whole)" + frac : frac
    }
}
