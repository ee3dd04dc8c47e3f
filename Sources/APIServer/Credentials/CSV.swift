/// CSV as kube-apiserver reads its token and basic-auth files: Go's `encoding/csv` with its defaults
/// (comma separator, no comment character, strict quotes, leading spaces kept, variable field count).
///
/// Rules, mirrored from Go's reader so a file kube-apiserver accepts is read the same way here:
/// - an empty line (just `\n` or `\r\n`) is skipped; a line holding only spaces is a record;
/// - `\r\n` counts as `\n`, and a lone `\r` right before the end of the file is dropped;
/// - a field starting with `"` is quoted: `""` inside is one quote, it may span lines, and the closing
///   quote must be followed by a comma, the end of the line or the end of the file;
/// - a `"` anywhere in an unquoted field is an error (Go's "bare quote"), as is an unclosed quote.
///
/// Parsing works on UTF-8 bytes: the separators are ASCII, which never occur inside a multi-byte
/// sequence, so splitting bytes is exact; each field is then decoded and must be valid UTF-8.
struct CSVRecord: Sendable, Equatable {
    var fields: [String]
    /// The 1-based line the record starts on.
    var line: Int
}

struct CSVSyntaxError: Error, Sendable, Equatable {
    var line: Int
    var message: String
}

enum CSVReader {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    static func records(_ bytes: [UInt8]) throws(CSVSyntaxError) -> [CSVRecord] {
        var cursor = Cursor(bytes: bytes)
        var records: [CSVRecord] = []
        while !cursor.atEnd {
            if cursor.skipLineEnd() { continue }  // blank line
            records.append(try record(&cursor))
        }
        return records
    }

    /// Reads one record starting at the cursor, through its line end.
    private static func record(_ cursor: inout Cursor) throws(CSVSyntaxError) -> CSVRecord {
        let startLine = cursor.line
        var fields: [String] = []
        while true {
            let raw = cursor.peek == quote ? try quotedField(&cursor) : try unquotedField(&cursor)
            guard let field = String(validating: raw, as: UTF8.self) else {
                throw CSVSyntaxError(line: startLine, message: "field \(fields.count + 1) is not valid UTF-8")
            }
            fields.append(field)
            if cursor.peek == comma {
                cursor.advance()
                continue
            }
            _ = cursor.skipLineEnd()
            return CSVRecord(fields: fields, line: startLine)
        }
    }

    /// Stops at the comma or line end that ends the field (not consumed).
    private static func unquotedField(_ cursor: inout Cursor) throws(CSVSyntaxError) -> ArraySlice<UInt8> {
        let start = cursor.index
        while let byte = cursor.peek, byte != comma, !cursor.atLineEnd {
            if byte == quote {
                throw CSVSyntaxError(
                    line: cursor.line, message: "bare \" in non-quoted field (column \(cursor.column))")
            }
            cursor.advance()
        }
        return cursor.bytes[start..<cursor.index]
    }

    /// Consumes the opening quote through the closing one; leaves the cursor on what follows it.
    private static func quotedField(_ cursor: inout Cursor) throws(CSVSyntaxError) -> ArraySlice<UInt8> {
        let openLine = cursor.line, openColumn = cursor.column
        cursor.advance()
        var field: [UInt8] = []
        while true {
            guard let byte = cursor.peek else {
                throw CSVSyntaxError(
                    line: openLine, message: "quoted field opened in column \(openColumn) is never closed")
            }
            if byte == quote {
                cursor.advance()
                if cursor.peek == quote {  // "" is an escaped quote
                    field.append(quote)
                    cursor.advance()
                    continue
                }
                guard cursor.atEnd || cursor.peek == comma || cursor.atLineEnd else {
                    throw CSVSyntaxError(
                        line: cursor.line,
                        message: "extraneous or missing \" in quoted field (column \(cursor.column - 1))")
                }
                return field[...]
            }
            if cursor.skipLineEnd() {  // a line break inside quotes belongs to the field, as \n
                field.append(newline)
                continue
            }
            field.append(byte)
            cursor.advance()
        }
    }

    /// A position in the input that knows its line and column.
    private struct Cursor {
        let bytes: [UInt8]
        private(set) var index = 0
        private(set) var line = 1
        private var lineStart = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }
        /// 1-based byte column of the current position.
        var column: Int { index - lineStart + 1 }

        /// At `\n`, `\r\n`, or a `\r` that is the last byte of the input (Go drops it).
        var atLineEnd: Bool {
            guard let byte = peek else { return false }
            if byte == CSVReader.newline { return true }
            guard byte == CSVReader.carriageReturn else { return false }
            return index + 1 == bytes.count || bytes[index + 1] == CSVReader.newline
        }

        mutating func advance() { index += 1 }

        /// Consumes a line end if the cursor is on one.
        mutating func skipLineEnd() -> Bool {
            guard atLineEnd else { return false }
            index += bytes[index] == CSVReader.carriageReturn ? min(2, bytes.count - index) : 1
            line += 1
            lineStart = index
            return true
        }
    }
}

/// Writes fields the way Go's `encoding/csv` writer does, so the reader above gives them back unchanged.
enum CSVWriter {
    /// Quotes a field when it holds a separator, a quote or a line break, or starts with white space
    /// (Go's rule: a reader trimming leading space would otherwise lose it); `always` forces quotes.
    static func field(_ value: String, alwaysQuote: Bool = false) -> String {
        guard alwaysQuote || needsQuotes(value) else { return value }
        // By code point: a quote with a combining mark after it is one Character, and went undoubled.
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    static func line(_ fields: [String]) -> String {
        fields.joined(separator: ",") + "\n"
    }

    private static func needsQuotes(_ value: String) -> Bool {
        if value.isEmpty { return false }
        if value.first == " " || value.first == "\t" { return true }
        return value.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
    }
}
