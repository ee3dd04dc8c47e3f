import APIServer
import KubeAPI

/// The YAML a kubeconfig is written in, and no more: block mappings and sequences by indentation
/// (sequences may sit at their key's indentation, as kubectl writes them), plain, single- and
/// double-quoted scalars, comments, and one-level flow collections (`{}`, `{a: b}`, `[a, b]`). Scalars
/// stay strings. Anything else is an error with its line, rather than a guess. A JSON kubeconfig is JSON.
enum KubeconfigYAML {
    struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    static func parse(_ text: String, file: String) throws(ControlError) -> JSONValue {
        if text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).first == "{" {
            do { return try JSONParser.parse(text[...]) } catch { throw ControlError("\(file): \(error)") }
        }
        var lines: [Line] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            let body = line.drop { $0 == " " }
            if body.isEmpty || body.first == "#" || body == "---" { continue }
            if body.first == "\t" { throw ControlError("\(file):\(i + 1): tabs are not indentation in YAML") }
            lines.append(Line(number: i + 1, indent: line.count - body.count, text: body))
        }
        var parser = Parser(lines: lines, file: file)
        guard !lines.isEmpty else { return .object([]) }
        let value = try parser.block(indent: lines[0].indent)
        if parser.index < lines.count { throw parser.failure("unexpected indentation") }
        return value
    }

    struct Parser {
        var lines: [Line]
        let file: String
        var index = 0

        func failure(_ what: String) -> ControlError {
            ControlError("\(file):\(index < lines.count ? lines[index].number : (lines.last?.number ?? 0)): \(what)")
        }

        static func isItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

        mutating func block(indent: Int) throws(ControlError) -> JSONValue {
            Self.isItem(lines[index].text) ? try sequence(indent: indent) : try mapping(indent: indent)
        }

        mutating func mapping(indent: Int) throws(ControlError) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = []
            while index < lines.count, lines[index].indent == indent, !Self.isItem(lines[index].text) {
                let (key, rest) = try keyValue(lines[index].text)
                let value = rest.isEmpty ? nil : try scalar(rest)  // read on its line, so an error names it
                index += 1
                if let value {
                    members.append((key, value))
                } else if index < lines.count, lines[index].indent > indent {
                    members.append((key, try block(indent: lines[index].indent)))
                } else if index < lines.count, lines[index].indent == indent, Self.isItem(lines[index].text) {
                    members.append((key, try sequence(indent: indent)))
                } else {
                    members.append((key, .null))
                }
            }
            return .object(members)
        }

        mutating func sequence(indent: Int) throws(ControlError) -> JSONValue {
            var items: [JSONValue] = []
            while index < lines.count, lines[index].indent == indent, Self.isItem(lines[index].text) {
                let rest = lines[index].text.dropFirst().drop { $0 == " " }
                if rest.isEmpty {
                    index += 1
                    guard index < lines.count, lines[index].indent > indent else { items.append(.null); continue }
                    items.append(try block(indent: lines[index].indent))
                } else if (try? keyValue(rest)) != nil, !rest.hasPrefix("\""), !rest.hasPrefix("'") {
                    // `- key: value` opens a mapping whose other keys line up with `key`.
                    let column = indent + (lines[index].text.count - rest.count)
                    lines[index] = Line(number: lines[index].number, indent: column, text: rest)
                    items.append(try mapping(indent: column))
                } else {
                    items.append(try scalar(rest))
                    index += 1
                }
            }
            return .array(items)
        }

        /// `key: value` (value possibly empty); the key plain or quoted.
        func keyValue(_ text: Substring) throws(ControlError) -> (String, Substring) {
            var key: String
            var rest: Substring
            if text.first == "\"" || text.first == "'" {
                let (quoted, after) = try quotedScalar(text)
                key = quoted
                rest = after
                guard rest.first == ":" else { throw failure("expected ':' after the key") }
                rest = rest.dropFirst()
            } else {
                guard
                    let colon = text.firstRange(of: ": ")?.lowerBound
                        ?? (text.hasSuffix(":") ? text.index(before: text.endIndex) : nil)
                else {
                    throw failure("expected 'key: value'")
                }
                key = String(text[..<colon])
                rest = text[text.index(after: colon)...]
            }
            return (key, rest.drop { $0 == " " })
        }

        func scalar(_ text: Substring) throws(ControlError) -> JSONValue {
            if text.first == "\"" || text.first == "'" {
                let (value, after) = try quotedScalar(text)
                let tail = after.drop { $0 == " " }
                guard tail.isEmpty || tail.first == "#" else { throw failure("unexpected text after a quoted value") }
                return .string(value)
            }
            var plain = text
            if let comment = plain.firstRange(of: " #") { plain = plain[..<comment.lowerBound] }
            while plain.last == " " { plain = plain.dropLast() }
            if plain.first == "{" || plain.first == "[" { return try flow(plain) }
            if let first = plain.first, "|>&*!".contains(first) {
                throw failure(
                    "this YAML (block scalars, anchors, tags) is beyond what a kubeconfig needs; write it out plainly")
            }
            return .string(String(plain))
        }

        /// `{a: b, c: d}` or `[a, b]` of plain scalars, one level deep.
        func flow(_ text: Substring) throws(ControlError) -> JSONValue {
            let mapping = text.first == "{"
            guard text.last == (mapping ? "}" : "]") else { throw failure("unterminated flow collection") }
            let inner = text.dropFirst().dropLast()
            guard !inner.contains(where: { "{[\"'".contains($0) }) else {
                throw failure(
                    "nested or quoted flow collections are beyond what a kubeconfig needs; write them out as blocks")
            }
            let items = inner.split(separator: ",").map { item -> Substring in
                var item = item.drop { $0 == " " }
                while item.last == " " { item = item.dropLast() }
                return item
            }.filter { !$0.isEmpty }
            guard mapping else { return .array(items.map { .string(String($0)) }) }
            var members: [(key: String, value: JSONValue)] = []
            for item in items {
                let (key, value) = try keyValue(item)
                members.append((key, .string(String(value))))
            }
            return .object(members)
        }

        /// A quoted scalar at the start of `text` and what follows it.
        func quotedScalar(_ text: Substring) throws(ControlError) -> (String, Substring) {
            let quote = text.first!
            var out = ""
            var i = text.index(after: text.startIndex)
            while i < text.endIndex {
                let c = text[i]
                if c == quote {
                    let next = text.index(after: i)
                    if quote == "'", next < text.endIndex, text[next] == "'" {
                        out.append("'")
                        i = text.index(after: next)
                        continue
                    }
                    return (out, text[next...])
                }
                if quote == "\"", c == "\\" {
                    i = text.index(after: i)
                    guard i < text.endIndex else { break }
                    switch text[i] {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    default: throw failure("unsupported escape \\\(text[i]) in a quoted value")
                    }
                } else {
                    out.append(c)
                }
                i = text.index(after: i)
            }
            throw failure("unterminated quoted value")
        }
    }
}
