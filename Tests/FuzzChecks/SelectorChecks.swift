import Storage

/// Label and field selectors. The input's first line is the selector; the rest are `key=value` labels.
/// A selector that parses, written back (`description`), parses to an equal selector, and both match
/// the labels alike. Field names are written as they are (kube escapes only values), so the field
/// selector check holds for names made of the characters field paths use.
enum SelectorChecks {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let selector = String(lines[0])
        var labels: [String: String] = [:]
        if lines.count > 1 {
            for line in lines[1].split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                labels[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
        }
        if let parsed = try? LabelSelector(parsing: selector) {
            let again: LabelSelector
            do { again = try LabelSelector(parsing: parsed.description) } catch {
                throw FuzzFailure(
                    "label selector \(selector.debugDescription) written as \(parsed.description.debugDescription) is refused: \(error)"
                )
            }
            guard again == parsed else {
                throw FuzzFailure("label selector \(selector.debugDescription) reads back as \(again)")
            }
            guard again.matches(labels) == parsed.matches(labels) else {
                throw FuzzFailure("label selector matches differently")
            }
        }
        if let parsed = try? FieldSelector(parsing: selector), parsed.requirements.allSatisfy({ isFieldPath($0.field) })
        {
            let again: FieldSelector
            do { again = try FieldSelector(parsing: parsed.description) } catch {
                throw FuzzFailure(
                    "field selector \(selector.debugDescription) written as \(parsed.description.debugDescription) is refused: \(error)"
                )
            }
            guard again == parsed else {
                throw FuzzFailure(
                    "field selector \(selector.debugDescription) written as \(parsed.description.debugDescription) reads back as \(again.requirements)"
                )
            }
        }
    }

    static func isFieldPath(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "._-/[]".unicodeScalars.contains($0)
        }
    }
}
