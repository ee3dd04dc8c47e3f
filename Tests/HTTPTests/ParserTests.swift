import Testing
@testable import HTTP

@Suite("HTTP request parser")
struct ParserTests {
    static let samples: [String] = [
        "GET /version HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /api/v1/namespaces HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}",
        "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1;flag\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\nOther: 1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\nHEAD /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        "PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
        "\r\nGET /after-empty-line HTTP/1.0\r\n\r\n",
    ]

    @Test("every request split at every byte boundary parses the same", arguments: samples)
    func everySplit(sample: String) {
        let whole = parse(sample)
        #expect(!whole.isEmpty)
        #expect(whole.allSatisfy { $0.status == nil }, "\(whole)")
        for cut in 1..<sample.utf8.count {
            #expect(parse(sample, cuts: [cut]) == whole, "split at \(cut)")
        }
        // And byte by byte.
        #expect(parse(sample, cuts: Array(1..<sample.utf8.count)) == whole)
    }

    @Test func simpleGet() {
        let out = parse("GET /version?x=1 HTTP/1.1\r\nHost: example\r\nUser-Agent: curl\r\n\r\n")
        #expect(
            out == [
                .request(
                    method: "GET", target: "/version?x=1", version: .http1_1,
                    headers: ["host: example", "user-agent: curl"], body: [], keepAlive: true)
            ])
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let out = parse(Self.samples[3])
        let targets = out.compactMap { if case .request(_, let t, _, _, _, _) = $0 { return t } else { return nil } }
        #expect(targets == ["/a", "/b", "/c"])
        if case .request(let method, _, _, _, _, let keepAlive) = out[2] {
            #expect(method == "HEAD")
            #expect(keepAlive == false)
        }
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let out = parse(Self.samples[2])
        #expect(out.count == 1)
        #expect(out[0].body == Array("hello world".utf8))
    }

    @Test func expectContinueComesBeforeTheBody() {
        let out = parse(Self.samples[4])
        #expect(out.count == 2)
        #expect(out[0] == .continueExpected)
        #expect(out[1].body == Array("body".utf8))
    }

    @Test func connectionSemantics() {
        func keepAlive(_ head: String) -> Bool? {
            if case .request(_, _, _, _, _, let k)? = parse(head).first { return k }
            return nil
        }
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == true)
    }

    @Test func absoluteFormServesItsPath() {
        if case .request(_, let target, _, _, _, _)? = parse(
            "GET http://host:8080/healthz?x HTTP/1.1\r\nHost: host\r\n\r\n"
        ).first {
            #expect(target == "/healthz?x")
        } else {
            Issue.record("not parsed")
        }
    }

    @Test(
        "malformed input gets its status",
        arguments: [
            ("GARBAGE\r\n\r\n", 400),
            ("GET /\r\n\r\n", 400),  // HTTP/0.9
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            ("GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),  // double space
            ("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),  // bad method token
            ("GET /a\u{7F}b HTTP/1.1\r\nHost: a\r\n\r\n", 400),  // DEL in target
            ("GET nothing HTTP/1.1\r\nHost: a\r\n\r\n", 400),  // not origin/absolute form
            ("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),  // space before colon
            ("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{01}b\r\n\r\n", 400),  // control character in value
            ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),  // bare LF
            ("GET / HTTP/1.1\r\nHost: a\n\n", 400),  // bare LF end of head
            ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400),  // bare CR
            ("GET / HTTP/1.1\r\n\r\n", 400),  // no Host
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),  // empty size line
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\nx", 417),
            ("\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),  // too many empty lines
        ] as [(String, Int)])
    func malformed(input: String, status: Int) {
        let out = parse(input)
        #expect(out.last?.status == status, "\(input.debugDescription) → \(out)")
        // Split anywhere, the verdict is the same.
        for cut in stride(from: 1, to: input.utf8.count, by: 3) {
            #expect(parse(input, cuts: [cut]).last?.status == status, "split at \(cut) of \(input.debugDescription)")
        }
    }

    @Test func headerLimitIs431() {
        let big =
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes)
            + "\r\n\r\n"
        #expect(parse(big).last?.status == 431)
        // Reported while still reading: no end of head needed.
        let unterminated =
            "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes + 10)
        #expect(parse(unterminated).last?.status == 431)
        let justUnder =
            "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes - 40)
            + "\r\n\r\n"
        #expect(parse(justUnder).last?.status == nil)
    }

    @Test func tooManyHeadersIs431() {
        let fields = (0...HTTPLimits.defaultMaxHeaderCount).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n").last?.status == 431)
    }

    @Test func bodyLimitIs413() {
        let declared = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(HTTPLimits.defaultMaxBodyBytes + 1)\r\n\r\n"
        #expect(parse(declared).last?.status == 413)
        let small = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 10)
        #expect(
            parse(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
                limits: small
            ).last?.status == 413)
        #expect(
            parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: small).last?.body?.count
                == 10)
    }

    @Test func trailersCountAgainstTheHeaderLimit() {
        let small = HTTPLimits(maxHeaderBytes: 128, maxBodyBytes: 1024)
        let trailer = "X: " + String(repeating: "t", count: 200) + "\r\n"
        #expect(
            parse(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailer + "\r\n",
                limits: small
            ).last?.status == 431)
    }

    /// Fuzzer find (share/fuzz/crashes/split-error-kind-minimal.bin): a bare LF past the header limit was a 400
    /// when read whole and a 431 when read byte by byte.
    @Test func sameVerdictForABareLFBeyondTheHeaderLimitHoweverItIsSplit() {
        let small = HTTPLimits(maxHeaderBytes: 256, maxBodyBytes: 1024)
        for length in [255, 256, 257, 300] {
            let input = String(repeating: "A", count: length) + "\n"
            let whole = parse(input, limits: small)
            #expect(parse(input, cuts: Array(1..<input.utf8.count), limits: small) == whole, "length \(length)")
            #expect(whole.last?.status == (length > 256 ? 431 : 400), "length \(length)")
        }
    }

    @Test func afterAFailureTheParserStaysFailed() {
        var parser = HTTPRequestParser()
        let bad = Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let first = bad.withUnsafeBytes { parser.next($0) }
        guard case .failure = first.event else { Issue.record("expected failure"); return }
        let second = bad.withUnsafeBytes { parser.next($0) }
        guard case .failure = second.event else { Issue.record("expected failure again"); return }
    }
}
