import APIServer

/// The secure port's in-flight limits on one line, then the read-only port's buckets: the global one, then
/// each client's, most rejected first.
enum RateLimitsView: ConsoleView {
    static let columns = [
        Column("CLIENT", 22, min: 10, priority: Column.essential),
        Column("FILL", 24, min: 8, flexible: true, priority: Column.essential),
        Column("TOKENS", 8, right: true, priority: 7), Column("BURST", 7, right: true, priority: 4),
        Column("RATE/S", 7, right: true, priority: 5), Column("ALLOWED", 9, right: true, priority: 6),
        Column("REJECTED", 9, right: true, priority: Column.essential),
        Column("LAST SEEN", 10, right: true, priority: 6),
    ]

    static func buckets(_ data: ConsoleData) -> [BucketSnapshot] {
        guard let limits = data.rateLimits else { return [] }
        return [limits.global] + limits.clients
    }

    static func rowCount(_ data: ConsoleData, _ model: ConsoleModel) -> Int { buckets(data).count }

    static func draw(_ canvas: inout Canvas, _ area: Area, _ model: ConsoleModel, _ data: ConsoleData) {
        var area = area
        if let line = inFlightLine(data.inFlight) {
            canvas.put(area.top, 0, line, (data.inFlight?.rejected.reduce(0, +) ?? 0) > 0 ? .clientError : .dim)
            area = Area(top: area.top + 1, height: area.height - 1)
        }
        let all = buckets(data)
        guard !all.isEmpty else {
            canvas.put(area.top, 1, "no rate limiter (the read-only port is disabled)", .dim)
            return
        }
        let perClient =
            (data.rateLimits?.clients.isEmpty ?? true) ? " · per-client buckets off (--api-rate-per-client)" : ""
        canvas.put(area.top, 0, "read-only port buckets\(perClient)", .dim)
        let widths = TableLayout.widths(columns, total: canvas.width)
        drawTable(
            &canvas, Area(top: area.top + 1, height: area.height - 1), columns: columns, count: all.count,
            selected: model.selected(.rateLimits)
        ) { i in
            let b = all[i]
            let seen =
                b.allowed + b.rejected == 0
                ? "-" : Format.age(seconds: (data.monotonicNow - b.lastSeen) / 1_000_000_000) + " ago"
            let rate = b.rate > 0 ? Format.rate(b.rate) : "off"
            return (
                [
                    b.key, Format.bar(b.tokens / max(b.burst, 1), width: widths[1]), Format.rate(b.tokens),
                    "\(Int(b.burst))", rate,
                    "\(b.allowed)", "\(b.rejected)", seen,
                ], [1: .bar, 6: b.rejected > 0 ? .clientError : .normal], .normal
            )
        }
    }

    /// `secure port in flight: read-only 3/400 (peak 17, 429: 0) · mutating 1/200 (peak 5, 429: 2)`.
    static func inFlightLine(_ f: InFlightSnapshot?) -> String? {
        guard let f else { return nil }
        func part(_ i: Int, _ name: String) -> String {
            let limit = f.limits[i] > 0 ? "/\(f.limits[i])" : " (no limit)"
            return "\(name) \(f.inFlight[i])\(limit) (peak \(f.peaks[i]), 429: \(f.rejected[i]))"
        }
        return "secure port in flight: " + part(0, "read-only") + " · " + part(1, "mutating") + " · watches not counted"
    }
}
