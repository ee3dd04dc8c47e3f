import Testing
@testable import KubeAPI

@Suite("Tables: ages (HumanDuration, ShortHumanDuration) and RFC 3339 times")
struct TableDurationTests {
    let s: Int64 = 1_000_000_000
    var m: Int64 { 60 * s }
    var h: Int64 { 3600 * s }
    var d: Int64 { 24 * h }

    @Test func humanDurationBoundaries() {
        let cases: [(Int64, String)] = [
            (-2 * s, "<invalid>"), (-1 * s - 1, "0s"), (-1, "0s"), (0, "0s"), (119 * s, "119s"), (120 * s, "2m"),
            (150 * s, "2m30s"),
            (10 * m - 1, "9m59s"), (10 * m, "10m"), (3 * h - 1, "179m"), (3 * h, "3h"), (3 * h + 30 * m, "3h30m"),
            (8 * h - 1, "7h59m"),
            (8 * h, "8h"), (48 * h - 1, "47h"), (48 * h, "2d"), (49 * h, "2d1h"), (8 * d - 1, "7d23h"), (8 * d, "8d"),
            (730 * d - 1, "729d"), (730 * d, "2y"), (731 * d, "2y1d"), (8 * 365 * d - 1, "7y364d"), (8 * 365 * d, "8y"),
        ]
        for (duration, text) in cases { #expect(TableDuration.human(duration) == text, "\(duration)") }
    }

    @Test func shortHumanDurationBoundaries() {
        let cases: [(Int64, String)] = [
            (-2 * s, "<invalid>"), (-1 * s, "0s"), (59 * s, "59s"), (60 * s, "1m"), (60 * m - 1, "59m"), (60 * m, "1h"),
            (24 * h - 1, "23h"), (24 * h, "1d"), (365 * d - 1, "364d"), (365 * d, "1y"), (800 * d, "2y"),
        ]
        for (duration, text) in cases { #expect(TableDuration.short(duration) == text, "\(duration)") }
    }

    @Test func ageOfAbsentTimeIsUnknown() {
        #expect(TableDuration.since(nil, now: 5) == "<unknown>")
        #expect(TableDuration.since(0, now: 90 * s) == "90s")
    }

    @Test func parsesRFC3339() {
        #expect(TableTime.parse("1970-01-01T00:00:00Z") == 0)
        #expect(TableTime.parse("1970-01-02T00:00:01Z") == 86_401 * s)
        #expect(TableTime.parse("2024-06-01T12:00:00.25Z") == TableTime.parse("2024-06-01T12:00:00Z")! + s / 4)
        #expect(TableTime.parse("2024-06-01T14:00:00+02:00") == TableTime.parse("2024-06-01T12:00:00Z"))
        #expect(TableTime.parse("2024-02-29T00:00:00Z")! - TableTime.parse("2024-02-28T00:00:00Z")! == d)
        #expect(TableTime.parse("1969-12-31T23:59:59Z") == -s)
        for bad in [
            "", "2024-06-01", "2024-06-01 12:00:00Z", "2024-13-01T00:00:00Z", "2024-06-01T12:00:00",
            "2024-06-01T12:00:00.Z",
            "2024-06-01T12:00:00Zjunk",
        ] {
            #expect(TableTime.parse(bad) == nil, "\(bad)")
        }
        #expect(TableTime.format(TableTime.parse("2024-06-01T12:34:56.9Z")!) == "2024-06-01T12:34:56Z")
        #expect(TableTime.format(-s) == "1969-12-31T23:59:59Z")
    }
}
