@testable import KubeAPI

/// Not a suite: the fixtures the Table*Tests suites share (a fixed clock, JSON from text).
enum TableFixture {
    /// 2024-06-01T12:00:00Z in wall nanoseconds.
    static let now: Int64 = TableTime.parse("2024-06-01T12:00:00Z")!

    static func json(_ text: String) -> JSONValue {
        // swiftlint:disable:next force_try
        try! JSONParser.parse(Array(text.utf8))
    }

    static func cells(_ resource: String, _ text: String) -> [JSONValue] {
        TablePrinter.cells(resource: resource, object: json(text), now: now)
    }

    static func strings(_ values: [String]) -> [JSONValue] { values.map { .string($0) } }
}
