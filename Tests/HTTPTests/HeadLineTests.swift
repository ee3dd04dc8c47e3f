import Testing

@testable import HTTP

/// The head's lines and fields, each found in one walk: the line splitter checks each CR as it ends a line
/// (there is no separate pass for bare CRs), and a field's name is checked while its colon is looked for.
/// The verdicts are the ones the separate passes gave.
@Suite struct HeadLineTests {
    private func lines(_ head: String) -> (lines: [String], bareCR: Bool) {
        Array(head.utf8).withUnsafeBytes { bytes in
            var splitter = LineSplitter(bytes)
            var found: [String] = []
            while let line = splitter.next() { found.append(String(decoding: line, as: UTF8.self)) }
            return (found, splitter.foundBareCR)
        }
    }

    @Test func linesEndAtCRLF() {
        #expect(lines("GET / HTTP/1.1\r\nHost: a\r\nX: b").lines == ["GET / HTTP/1.1", "Host: a", "X: b"])
        #expect(lines("GET / HTTP/1.1\r\nHost: a\r\nX: b").bareCR == false)
        #expect(lines("GET / HTTP/1.1").lines == ["GET / HTTP/1.1"])
        #expect(lines("").lines == [""])
    }

    @Test(arguments: ["GET /\r HTTP/1.1\r\nHost: a", "GET / HTTP/1.1\r\nHost: a\rX: b", "GET / HTTP/1.1\r\nHost: a\r"])
    func aCRWithoutLFEndsTheLines(head: String) {
        let split = lines(head)
        #expect(split.bareCR)
        #expect(!split.lines.contains { $0.utf8.contains(UInt8(ascii: "\r")) })
    }

    /// A bare CR is the verdict wherever it sits, as when all CRs were checked before anything else: after
    /// an unsupported version (505), a bad field (400 of its own), too many fields (431).
    @Test(arguments: [
        "GET / HTTP/2.0\r\nHost: a\rX: b\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\nHost: a\rX: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n" + (0...HTTPLimits.defaultMaxHeaderCount).map { "X-\($0): v\r\n" }.joined()
            + "Y: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\r\n\r\n",
    ])
    func bareCRWinsOverOtherFaults(input: String) {
        var parser = HTTPRequestParser()
        let event = Array(input.utf8).withUnsafeBytes { parser.next($0).event }
        guard case .failure(let error) = event else {
            Issue.record("\(input.debugDescription) parsed")
            return
        }
        #expect(error == .badRequest("bare CR"), "\(input.debugDescription)")
    }

    @Test(arguments: [
        ("Accept: application/json", HTTPParseError?.none),
        ("X-Y_z.1~!#$%&'*+^`|: v", nil),
        ("NoColon", .badRequest("header line without colon")),
        ("Bad Name x", .badRequest("header line without colon")),
        (": v", .badRequest("empty header name")),
        ("Bad Name: x", .badRequest("invalid header name")),
        ("Host : a", .badRequest("invalid header name")),
        ("N\u{01}me: x", .badRequest("invalid header name")),
        ("Ñame: x", .badRequest("invalid header name")),
        (" X: y", .badRequest("obsolete line folding")),
        ("X: a\u{7F}b", .badRequest("invalid character in header value")),
    ])
    func fieldVerdicts(line: String, expected: HTTPParseError?) {
        let result = Array(line.utf8).withUnsafeBytes { HTTPRequestParser.parseField($0) }
        switch result {
        case .success(let (name, value)):
            #expect(expected == nil, "\(line) parsed as \(name): \(value)")
        case .failure(let error):
            #expect(error == expected, "\(line)")
        }
    }

    @Test func namesAreLowerCasedAndValuesTrimmed() {
        let result = Array("Content-TYPE: \t application/vnd.kubernetes.protobuf \t".utf8).withUnsafeBytes {
            HTTPRequestParser.parseField($0)
        }
        guard case .success(let (name, value)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(name == "content-type")
        #expect(value == "application/vnd.kubernetes.protobuf")
    }
}
