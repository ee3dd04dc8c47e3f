import APIServer

/// Text shapes shared by the views.
enum Format {
    static let sparkBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as block characters scaled to their maximum.
    static func sparkline(_ values: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let tail = Array(values.suffix(width))
        let top = tail.max() ?? 0
        let bars = tail.map { v -> Character in
            guard top > 0 else { return sparkBlocks[0] }
            return sparkBlocks[min(7, Int((v / top) * 7.999))]
        }
        return String(repeating: " ", count: width - bars.count) + String(bars)
    }

    /// `12:03:04.123` (UTC) from wall-clock nanoseconds.
    static func clock(_ nanos: Int64) -> String {
        let stamp = AccessLog.timestamp(nanos)  // 2026-11-29T12:03:04.123Z
        guard let t = stamp.firstIndex(of: "T") else { return stamp }
        return String(stamp[stamp.index(after: t)...].dropLast())
    }

    /// `3s`, `4m12s`, `2h05m`, `3d04h`.
    static func age(seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(pad2(s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h\(pad2(s / 60 % 60))m" }
        return "\(s / 86_400)d\(pad2(s / 3600 % 24))h"
    }

    static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func latency(_ nanos: Int64) -> String {
        let ms = Double(nanos) / 1e6
        if ms < 1 { return "\(Int(ms * 1000))µs" }
        if ms < 1000 { return ms < 10 ? "\(Double(Int(ms * 10)) / 10)ms" : "\(Int(ms))ms" }
        return "\(Double(Int(ms / 100)) / 10)s"
    }

    /// A histogram bound in seconds as a latency.
    static func quantile(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        if seconds.isInfinite { return ">60s" }
        return "≤" + latency(Int64(seconds * 1e9))
    }

    static func rate(_ r: Double) -> String {
        r >= 100 ? String(Int(r)) : String(Double(Int(r * 10)) / 10)
    }

    static func bytes(_ n: Int) -> String {
        if n < 10_000 { return "\(n)B" }
        if n < 10_000_000 { return "\(n / 1024)K" }
        return "\(n / 1_048_576)M"
    }

    /// Status colour by class.
    static func statusRole(_ code: Int) -> Role {
        switch code / 100 {
        case 2: return .ok
        case 3: return .redirect
        case 4: return .clientError
        case 5: return .serverError
        default: return .dim
        }
    }

    /// `[██████    ]` for a fill fraction.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 2 else { return "" }
        let inner = width - 2
        let filled = max(0, min(inner, Int((fraction * Double(inner)).rounded())))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: inner - filled) + "]"
    }

    /// The first visible row so that `selected` is on screen (centred when it can be).
    static func top(selected: Int, count: Int, visible: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return max(0, min(selected - visible / 2, count - visible))
    }
}
