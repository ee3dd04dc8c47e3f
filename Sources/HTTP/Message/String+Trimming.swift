/// Trimming and paths without Foundation's `trimmingCharacters(in:)` and `NSString`, which live in the
/// Foundation library that loads ICU: the server links only FoundationEssentials, so its idle memory holds
/// no ICU pages.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace around a field value).
    public func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// Without leading and trailing whitespace as Foundation's `.whitespaces` has it (tab and the Unicode
    /// space separators), or `.whitespacesAndNewlines` with `newlines` (Unicode's White_Space).
    public func trimmingWhitespace(newlines: Bool = false) -> String {
        let blank: (Unicode.Scalar) -> Bool = {
            newlines ? $0.properties.isWhitespace : $0 == "\t" || $0.properties.generalCategory == .spaceSeparator
        }
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, blank(first) { scalars.removeFirst() }
        while let last = scalars.last, blank(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// The directory part of a path, as `NSString.deletingLastPathComponent` gives it: "" for a bare name,
    /// "/" for a name in the root.
    public var parentDirectory: String {
        var path = String(self)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
