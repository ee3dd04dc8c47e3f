/// A number that does not fit its column is shortened with a unit (`211k`, `2.1M`), never cut
/// (`2112…` reads as another number).
enum NumberFit {
    static let units: [Character] = ["k", "M", "G", "T", "P"]

    /// `text` when it fits `width`, or, for a count, the most precise shortened form that fits; other
    /// text as it is (the caller cuts it).
    static func fit(_ text: String, width: Int) -> String {
        guard text.count > width, width > 0 else { return text }
        let digits = text.hasSuffix(".0") ? text.dropLast(2) : text[...]
        guard let value = Int(digits.split(separator: ".").first ?? ""), value >= 1000,
            digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") })
        else {
            return text
        }
        var divisor = 1
        for unit in units {
            divisor *= 1000
            let whole = value / divisor
            guard whole > 0 else { break }
            if whole < 10 {
                let tenths = value * 10 / divisor % 10
                let precise = "\(whole).\(tenths)\(unit)"
                if precise.count <= width { return precise }
            }
            let plain = "\(whole)\(unit)"
            if plain.count <= width { return plain }
        }
        return text
    }
}
