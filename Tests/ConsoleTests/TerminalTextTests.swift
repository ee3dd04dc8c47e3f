import Testing
@testable import APIServer
@testable import Console

/// What reaches the terminal: ASCII where the locale is not UTF-8, and numbers shortened rather than cut.
@Suite("ASCII theme and number fitting")
struct TerminalTextTests {
    @Test func everyCellOfAFrameBecomesOneASCIICharacter() {
        var model = ConsoleModel()
        var data = Fixtures.data(requests: 50)
        data.recent.append(Fixtures.event(51, path: "/api/v1/namespaces/café/pods/日本"))
        model.showHelp = true
        for view in View.allCases {
            model.view = view
            let canvas = Fixtures.render(&model, data, 120, 40)
            for row in 0..<canvas.height {
                let cells = (0..<canvas.width).map { AsciiFallback.map(canvas.cell(row, $0).text) }
                #expect(cells.allSatisfy { $0.count == 1 && $0.utf8.allSatisfy { $0 < 0x80 } }, "\(view) row \(row)")
            }
        }
    }

    @Test func theDrawingCharactersHaveTheirASCIIForms() {
        #expect(
            ["│", "─", "┌", "┘", "·", "…", "µ", "≤", "▏", "█"].map(AsciiFallback.map) == [
                "|", "-", "+", "+", "-", "~", "u", "<", "_", "#",
            ])
        #expect(
            ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"].map(AsciiFallback.map) == ["_", ".", ",", "-", "=", "+", "*", "#"])
        #expect(AsciiFallback.map("é") == "?")
        #expect(AsciiFallback.map("") == "?")  // the right half of a wide character keeps its column
        #expect(AsciiFallback.map("a") == "a")
    }

    @Test(arguments: [
        ("211234", 6, "211234"), ("211234", 5, "211k"), ("211234", 4, "211k"), ("2112", 3, "2k"), ("2112", 4, "2112"),
        ("2112345", 5, "2112k"), ("2112345", 4, "2.1M"), ("2112345", 3, "2M"), ("999", 2, "999"), ("12.5", 3, "12.5"),
        ("≤250µs", 4, "≤250µs"), ("9876543210", 4, "9.8G"),
    ])
    func numbersAreShortenedNotCut(_ text: String, _ width: Int, _ expected: String) {
        #expect(NumberFit.fit(text, width: width) == expected)
    }

    @Test func aPortsRowShowsLargeCountsShortened() {
        var model = ConsoleModel()
        var data = Fixtures.data()
        data.ports[0].stats.byClass[1] = 21_123_456
        data.ports[0].stats.unauthorized = 211_234
        let canvas = Fixtures.render(&model, data, 200, 30)
        let row = canvas.lines.first { $0.hasPrefix("localhost") } ?? ""
        #expect(row.contains(" 21123k "), "\(row)")  // the most precise form that fits 7 columns
        #expect(row.contains(" 211k "), "\(row)")
        #expect(!row.contains("…"))
    }
}
