/// k8s.io/apimachinery/pkg/util/duration: how the printers write an age. Durations are nanoseconds; every division
/// truncates toward zero as Go's integer and float-to-int conversions do.
enum TableDuration {
    static let second: Int64 = 1_000_000_000
    static let minute = 60 * second
    static let hour = 60 * minute

    /// `translateTimestampSince`: `<unknown>` for a zero (absent) time, else HumanDuration of the time since.
    static func since(_ time: Int64?, now: Int64) -> String {
        guard let time else { return "<unknown>" }
        return human(now - time)
    }

    /// `duration.HumanDuration`: ~2-3 significant figures; what `kubectl get` shows as AGE.
    static func human(_ d: Int64) -> String {
        let seconds = d / second
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = d / minute
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = d / hour
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let dy = hours / 24 % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// `duration.ShortHumanDuration`: one unit only (kubectl's client-side printers use it; the server does not).
    static func short(_ d: Int64) -> String {
        let seconds = d / second
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 { return "\(seconds)s" }
        let minutes = d / minute
        if minutes < 60 { return "\(minutes)m" }
        let hours = d / hour
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }
}
