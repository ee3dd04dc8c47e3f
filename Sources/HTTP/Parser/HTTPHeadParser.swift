/// The head half of `HTTPRequestParser`: finding the end of the head, the request line, header fields and
/// the framing rules of RFC 9112 §6 (the part request smuggling lives in).
extension HTTPRequestParser {
    enum Framing: Sendable { case none, length(Int), chunked }

    /// Room reserved for header fields up front (kubectl sends about eight), so the array is not regrown
    /// as a request's fields arrive; more still fit, up to `HTTPLimits.maxHeaderCount`.
    static let typicalFieldCount = 12

    enum HeadResult {
        case needMore
        /// Leading empty lines consumed.
        case skip(Int)
        case complete(HTTPRequest, length: Int, framing: Framing, expectContinue: Bool)
        case failure(HTTPParseError)
    }

    mutating func readHead(_ bytes: UnsafeRawBufferPointer) -> HeadResult {
        // RFC 9112 §2.2: skip (a few) empty lines before the request line.
        if scanned == 0, bytes.count > 0, bytes[0] == UInt8(ascii: "\r") || bytes[0] == UInt8(ascii: "\n") {
            if bytes[0] == UInt8(ascii: "\n") { return .failure(.badRequest("bare LF")) }
            if bytes.count < 2 { return .needMore }
            guard bytes[1] == UInt8(ascii: "\n") else { return .failure(.badRequest("bare CR")) }
            emptyLinesSkipped += 1
            if emptyLinesSkipped > HTTPLimits.maxLeadingEmptyLines {
                return .failure(.badRequest("too many empty lines before the request line"))
            }
            return .skip(2)
        }
        // Find the empty line that ends the head; every LF must follow a CR.
        var end: Int?
        while let lf = Self.find(UInt8(ascii: "\n"), in: bytes, from: scanned) {
            // The size limit first: a split read would have hit it before this LF arrived (found by fuzzing).
            if lf > limits.maxHeaderBytes { return .failure(.headerTooLarge) }
            guard lf > 0, bytes[lf - 1] == UInt8(ascii: "\r") else { return .failure(.badRequest("bare LF")) }
            scanned = lf + 1
            if lf >= 3, bytes[lf - 2] == UInt8(ascii: "\n") {
                end = lf + 1
                break
            }
            if scanned > limits.maxHeaderBytes { return .failure(.headerTooLarge) }
        }
        guard let length = end else {
            if bytes.count > limits.maxHeaderBytes { return .failure(.headerTooLarge) }
            scanned = bytes.count
            return .needMore
        }
        if length > limits.maxHeaderBytes { return .failure(.headerTooLarge) }
        return parseHead(UnsafeRawBufferPointer(rebasing: bytes[..<(length - 4)]), length: length)
    }

    /// Parses a head whose final CRLFCRLF has been cut off. Every LF already follows a CR; the line splitter
    /// checks that every CR precedes an LF as it finds the ends of lines (one pass over the bytes, not two),
    /// and a bare CR anywhere is the answer even when an earlier line has another fault.
    private func parseHead(_ head: UnsafeRawBufferPointer, length: Int) -> HeadResult {
        var lines = LineSplitter(head)
        guard let requestLine = lines.next() else {
            return .failure(.badRequest(lines.foundBareCR ? "bare CR" : "empty request line"))
        }
        let method: String, target: String, version: HTTPVersion
        switch Self.parseRequestLine(requestLine) {
        case .success(let parts): (method, target, version) = parts
        case .failure(let error): return .failure(lines.restHasBareCR() ? .badRequest("bare CR") : error)
        }

        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(Self.typicalFieldCount)
        // The fields the engine itself reads, noted as they go by (names are lower-cased already) rather
        // than looked up afterwards with a pass over all the fields for each.
        var hosts = 0
        var connection: [String] = [], transferEncoding: [String] = [], contentLength: [String] = []
        var expect: String?
        while let line = lines.next() {
            if fields.count == limits.maxHeaderCount {
                return .failure(lines.restHasBareCR() ? .badRequest("bare CR") : .headerTooLarge)
            }
            switch Self.parseField(line) {
            case .success(let (name, value)):
                fields.append((name: name, value: value))
                switch name.utf8.count {
                case 4 where name == "host": hosts += 1
                case 6 where name == "expect": if expect == nil { expect = value }
                case 10 where name == "connection": connection.append(value)
                case 14 where name == "content-length": contentLength.append(value)
                case 17 where name == "transfer-encoding": transferEncoding.append(value)
                default: break
                }
            case .failure(let error): return .failure(lines.restHasBareCR() ? .badRequest("bare CR") : error)
            }
        }
        if lines.foundBareCR { return .failure(.badRequest("bare CR")) }
        let headers = HTTPHeaders(fields: fields)

        // Exactly one Host in HTTP/1.1 (RFC 9112 §3.2), at most one in 1.0.
        if hosts > 1 || (hosts == 0 && version == .http1_1) {
            return .failure(.badRequest(hosts == 0 ? "missing Host header" : "multiple Host headers"))
        }

        var keepAlive = version == .http1_1
        for token in Self.listElements(connection) {
            if token.equalsIgnoringASCIICase("close") { keepAlive = false; break }
            if token.equalsIgnoringASCIICase("keep-alive") { keepAlive = true }
        }

        let framing: Framing
        switch Self.framing(transferEncoding: transferEncoding, contentLength: contentLength, version: version) {
        case .success(let f): framing = f
        case .failure(let error): return .failure(error)
        }
        if case .length(let n) = framing, n > limits.maxBodyBytes { return .failure(.bodyTooLarge) }

        var expectContinue = false
        if let expect, version == .http1_1 {
            guard expect.equalsIgnoringASCIICase("100-continue") else { return .failure(.expectationFailed) }
            if case .none = framing {} else { expectContinue = true }
        }

        let request = HTTPRequest(
            method: method, target: target, version: version, headers: headers,
            body: [], keepAlive: keepAlive)
        return .complete(request, length: length, framing: framing, expectContinue: expectContinue)
    }

    /// RFC 9112 §6.1–6.3: Transfer-Encoding wins only when it is exactly chunked; with Content-Length too
    /// it is a smuggling shape and refused.
    private static func framing(transferEncoding te: [String], contentLength cl: [String], version: HTTPVersion)
        -> Result<Framing, HTTPParseError>
    {
        if !te.isEmpty {
            if !cl.isEmpty { return .failure(.badRequest("both Content-Length and Transfer-Encoding")) }
            if version == .http1_0 { return .failure(.badRequest("Transfer-Encoding in HTTP/1.0")) }
            let codings = listElements(te).map { String($0).lowercasedASCII }
            guard codings.last == "chunked" else {
                return .failure(
                    codings.isEmpty
                        ? .badRequest("empty Transfer-Encoding")
                        : .badRequest("chunked is not the final transfer coding"))
            }
            if codings.count > 1 {
                return .failure(
                    codings.dropLast().contains("chunked")
                        ? .badRequest("chunked applied twice")
                        : .unsupportedTransferCoding(codings.dropLast().joined(separator: ", ")))
            }
            return .success(.chunked)
        }
        guard let value = cl.first else { return .success(.none) }
        if cl.count > 1 { return .failure(.badRequest("multiple Content-Length headers")) }
        guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let n = Int(value)
        else { return .failure(.badRequest("invalid Content-Length")) }
        return .success(n == 0 ? .none : .length(n))
    }

    /// Comma-separated list elements across all field lines, trimmed, empty ones dropped (RFC 9110 §5.6.1).
    static func listElements(_ values: [String]) -> [Substring] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: true) }
            .map { $0.trimmingOWS }
            .filter { !$0.isEmpty }
    }

    /// `method SP request-target SP HTTP-version`, single spaces, nothing else.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> Result<
        (String, String, HTTPVersion), HTTPParseError
    > {
        guard let sp1 = find(0x20, in: line, from: 0) else { return .failure(.badRequest("malformed request line")) }
        guard sp1 > 0, line[..<sp1].allSatisfy(isTokenChar) else { return .failure(.badRequest("invalid method")) }
        guard let sp2 = find(0x20, in: line, from: sp1 + 1) else {
            // "GET /path" with no version is an HTTP/0.9 simple request: not served.
            return .failure(.badRequest("HTTP/0.9 requests are not supported"))
        }
        let targetBytes = line[(sp1 + 1)..<sp2]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.badRequest("invalid request target"))
        }
        let versionBytes = line[(sp2 + 1)...]
        guard versionBytes.count == 8, versionBytes[sp2 + 1] == UInt8(ascii: "H"),
            versionBytes[sp2 + 2] == UInt8(ascii: "T"),
            versionBytes[sp2 + 3] == UInt8(ascii: "T"), versionBytes[sp2 + 4] == UInt8(ascii: "P"),
            versionBytes[sp2 + 5] == UInt8(ascii: "/"),
            let major = digit(versionBytes[sp2 + 6]), versionBytes[sp2 + 7] == UInt8(ascii: "."),
            let minor = digit(versionBytes[sp2 + 8])
        else {
            return .failure(.badRequest("malformed HTTP version"))
        }
        guard major == 1 else { return .failure(.versionNotSupported) }
        let version: HTTPVersion = minor == 0 ? .http1_0 : .http1_1
        let method = string(UnsafeRawBufferPointer(rebasing: line[..<sp1]))
        var target = string(UnsafeRawBufferPointer(rebasing: targetBytes))
        switch targetBytes.first {
        case UInt8(ascii: "/"): break
        case UInt8(ascii: "*") where targetBytes.count == 1 && method == "OPTIONS": break
        default:
            // absolute-form (RFC 9112 §3.2.2): serve the path it names.
            let lower = target.lowercasedASCII
            guard let schemeEnd = lower.hasPrefix("http://") ? 7 : lower.hasPrefix("https://") ? 8 : nil else {
                return .failure(.badRequest("invalid request target"))
            }
            let afterScheme = target.utf8.dropFirst(schemeEnd)
            if let slash = afterScheme.firstIndex(of: UInt8(ascii: "/")) {
                target = String(target[slash...])
            } else {
                target = "/"
            }
        }
        return .success((method, target, version))
    }

    /// `field-name ":" OWS field-value OWS`; names lower-cased.
    static func parseField(_ line: UnsafeRawBufferPointer) -> Result<(String, String), HTTPParseError> {
        guard let first = line.first else { return .failure(.badRequest("empty header line")) }
        if first == 0x20 || first == 0x09 { return .failure(.badRequest("obsolete line folding")) }
        // The name's token characters and the colon after them in one walk (no separate search for the
        // colon); anything else stopping it is sorted out on the way to the error.
        var colon = 0
        while colon < line.count, isTokenChar(line[colon]) { colon += 1 }
        guard colon < line.count, line[colon] == UInt8(ascii: ":") else {
            let hasColon = find(UInt8(ascii: ":"), in: line, from: 0) != nil
            return .failure(.badRequest(hasColon ? "invalid header name" : "header line without colon"))
        }
        guard colon > 0 else { return .failure(.badRequest("empty header name")) }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let value = line[start..<end]
        guard isFieldValue(UnsafeRawBufferPointer(rebasing: value)) else {
            return .failure(.badRequest("invalid character in header value"))
        }
        let name = String(unsafeUninitializedCapacity: colon) { buffer in
            for i in 0..<colon {
                let c = line[i]
                buffer[i] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            }
            return colon
        }
        return .success((name, string(UnsafeRawBufferPointer(rebasing: value))))
    }

    /// The bytes as a String (invalid UTF-8 repaired, as `String(decoding:as:)` does), copied straight into
    /// the string's storage: the generic `String(decoding:)` over a slice cost about twice as much, three
    /// or four times per request.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(start: base, count: bytes.count))
            return bytes.count
        }
    }

    /// tchar of RFC 9110 §5.6.2.
    static func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
    }
}

extension Substring {
    /// Without leading and trailing SP / HTAB (RFC 9110's OWS).
    var trimmingOWS: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
