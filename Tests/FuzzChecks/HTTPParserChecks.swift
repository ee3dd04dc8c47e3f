#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// The HTTP/1.1 request parser. Input: byte 0 picks how the rest is cut into reads (`Splitter`); bytes
/// 1... are what a client sent on one connection. For the default limits and small ones (so 413 and 431
/// are reached) the stream is parsed (a) whole, in one buffer, and (b) piece by piece into a
/// connection-style buffer that drops what was consumed; the two event sequences (requests with
/// method, target, version, headers, body and keep-alive; 100-continue; failures with their error) and
/// the bytes left over must be identical, and byte-by-byte reads are checked too. Also: consumed never
/// exceeds the input, bodies stay within the limit, a failed parser stays failed and consumes nothing
/// more, and every loop ends. PARSER_FUZZ_LENIENT_ERRORS=1 in the environment only asks failures to come
/// at the same point, whatever their error (to hunt other bugs while an error-kind one is known).
enum HTTPParserChecks {
    static let smallLimits = HTTPLimits(maxHeaderBytes: 256, maxBodyBytes: 1024, maxHeaderCount: 8)
    static let lenientErrors = getenv("PARSER_FUZZ_LENIENT_ERRORS").map { String(cString: $0) == "1" } ?? false

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let selector = input.first else { return }
        let stream = Array(input.dropFirst())
        for limits in [HTTPLimits(), smallLimits] {
            let whole = try parseWhole(stream, limits: limits)
            try compare(
                whole, try parseSplit(stream, limits: limits, selector: selector), limits: limits, selector: selector)
            // Byte by byte is the harshest split; check it as well when the selector chose another.
            if selector & 3 != 1 {
                try compare(whole, try parseSplit(stream, limits: limits, selector: 1), limits: limits, selector: 1)
            }
        }
    }

    /// What the parser reported, comparably. `.needMore` is not recorded: how often it comes depends on the split.
    enum Recorded: Equatable {
        case continueExpected
        case request(
            method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, body: [UInt8], keepAlive: Bool)
        case failure(HTTPParseError)
    }

    struct Outcome: Equatable {
        var events: [Recorded] = []
        /// Bytes never consumed when the stream ended (nil after a failure: the connection closes then).
        var leftover: Int?
    }

    /// Checks one event and records it; false once the parser has failed.
    static func record(
        _ event: HTTPRequestParser.Event, consumed: Int, available: Int, limits: HTTPLimits,
        into outcome: inout Outcome
    ) throws(FuzzFailure) -> Bool {
        guard consumed >= 0 && consumed <= available else {
            throw FuzzFailure("consumed \(consumed) of \(available) bytes")
        }
        switch event {
        case .needMore:
            return true
        case .continueExpected:
            outcome.events.append(.continueExpected)
        case .request(let r):
            guard r.body.count <= limits.maxBodyBytes else {
                throw FuzzFailure("a body of \(r.body.count) bytes passed the limit")
            }
            guard !r.method.isEmpty, r.method.utf8.allSatisfy(isTokenChar) else {
                throw FuzzFailure("bad method \(r.method)")
            }
            guard r.target.hasPrefix("/") || (r.target == "*" && r.method == "OPTIONS") else {
                throw FuzzFailure("bad target \(r.target)")
            }
            guard r.version == .http1_1 || r.version == .http1_0 else { throw FuzzFailure("bad version \(r.version)") }
            guard r.headers.count <= limits.maxHeaderCount else {
                throw FuzzFailure("\(r.headers.count) header fields")
            }
            for field in r.headers
            where field.name.isEmpty || field.name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                throw FuzzFailure("header name not lower-cased: \(field.name)")
            }
            let hosts = r.headers.values("host").count
            guard hosts <= 1 && (hosts == 1 || r.version == .http1_0) else {
                throw FuzzFailure("\(hosts) Host headers")
            }
            guard r.headers.values("content-length").isEmpty || r.headers.values("transfer-encoding").isEmpty else {
                throw FuzzFailure("both Content-Length and Transfer-Encoding accepted")
            }
            outcome.events.append(
                .request(
                    method: r.method, target: r.target, version: r.version, headers: r.headers,
                    body: r.body, keepAlive: r.keepAlive))
        case .failure(let e):
            outcome.events.append(.failure(e))
            return false
        }
        return true
    }

    /// RFC 9110 tchar.
    static func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }

    /// After a failure the parser stays failed and consumes nothing.
    static func staysFailed(_ parser: inout HTTPRequestParser, _ rest: ArraySlice<UInt8>, _ error: HTTPParseError)
        throws(FuzzFailure)
    {
        let (again, consumed) = rest.withUnsafeBytes { parser.next($0) }
        guard case .failure(let e) = again, e == error, consumed == 0 else {
            throw FuzzFailure("a failed parser reported \(again) consuming \(consumed) (was \(error))")
        }
    }

    /// (a) The whole stream in one buffer.
    static func parseWhole(_ input: [UInt8], limits: HTTPLimits) throws(FuzzFailure) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var offset = 0
        var iterations = 0
        while true {
            iterations += 1
            guard iterations <= input.count + 2 else { throw FuzzFailure("no end after \(iterations) calls") }
            let (event, consumed) = input[offset...].withUnsafeBytes { parser.next($0) }
            let ok = try record(
                event, consumed: consumed, available: input.count - offset, limits: limits, into: &outcome)
            offset += consumed
            if !ok {
                if case .failure(let e) = event { try staysFailed(&parser, input[offset...], e) }
                return outcome
            }
            if case .needMore = event {
                // Asking again with nothing new must change nothing.
                let (again, c2) = input[offset...].withUnsafeBytes { parser.next($0) }
                guard case .needMore = again, c2 == 0 else {
                    throw FuzzFailure("needMore, then \(again) consuming \(c2) on the same bytes")
                }
                outcome.leftover = input.count - offset
                return outcome
            }
            if consumed == 0, case .request = event { throw FuzzFailure("a request reported without consuming input") }
        }
    }

    /// How the stream is cut into reads, chosen by the input's first byte.
    struct Splitter {
        let mode: UInt8
        let param: Int
        var rng: UInt64

        init(_ selector: UInt8) {
            mode = selector & 3
            param = Int(selector >> 2)  // 0...63
            rng = 0x9E37_79B9_7F4A_7C15 &* UInt64(selector &+ 1)
        }

        /// The next piece's length, given what is left and the total.
        mutating func nextLength(remaining: Int, total: Int) -> Int {
            switch mode {
            case 0: return min(remaining, param + 1)  // a fixed stride of 1...64
            case 1: return 1  // byte by byte
            case 2:  // pseudo-random, 1...2^k
                rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let cap = 1 << (1 + param % 8)
                return min(remaining, 1 + Int((rng >> 33) % UInt64(cap)))
            default:  // two reads, cut at param/64
                let cut = max(1, total * param / 64)
                return remaining == total && cut < total ? cut : remaining
            }
        }
    }

    /// (b) The stream arriving in pieces: append, parse until more is needed, drop what was consumed.
    static func parseSplit(_ input: [UInt8], limits: HTTPLimits, selector: UInt8) throws(FuzzFailure) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var splitter = Splitter(selector)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(input.count)
        var start = 0  // the first unconsumed byte of `buffer`
        var fed = 0
        var calls = 0
        while fed < input.count || input.isEmpty {
            let n = input.isEmpty ? 0 : splitter.nextLength(remaining: input.count - fed, total: input.count)
            guard input.isEmpty || n >= 1 else { throw FuzzFailure("an empty piece") }
            // Compact now and then, as a connection's buffer would.
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            buffer.append(contentsOf: input[fed..<(fed + n)])
            fed += n
            while true {
                calls += 1
                guard calls <= 2 * input.count + 4 else { throw FuzzFailure("no end after \(calls) calls") }
                let (event, consumed) = buffer[start...].withUnsafeBytes { parser.next($0) }
                let ok = try record(
                    event, consumed: consumed, available: buffer.count - start, limits: limits, into: &outcome)
                start += consumed
                if !ok {
                    if case .failure(let e) = event { try staysFailed(&parser, buffer[start...], e) }
                    return outcome
                }
                if case .needMore = event { break }
            }
            if input.isEmpty { break }
        }
        outcome.leftover = buffer.count - start
        return outcome
    }

    static func compare(_ whole: Outcome, _ split: Outcome, limits: HTTPLimits, selector: UInt8) throws(FuzzFailure) {
        if whole == split { return }
        if lenientErrors {
            func erase(_ o: Outcome) -> Outcome {
                var o = o
                o.events = o.events.map {
                    if case .failure = $0 { return .failure(.badRequest("any")) }
                    return $0
                }
                return o
            }
            if erase(whole) == erase(split) { return }
        }
        throw FuzzFailure(
            """
            splitting changes the outcome (limits \(limits), selector \(selector))
              whole: \(whole.events) leftover \(whole.leftover.map(String.init) ?? "-")
              split: \(split.events) leftover \(split.leftover.map(String.init) ?? "-")
            """)
    }
}
