// libFuzzer target for HTTPRequestParser (Sources/HTTP/Parser), built by run.sh together with the parser and
// message sources into one module, so internal API is visible too.
//
// Input layout: byte 0 picks how the rest is split into "reads" (see `Splitter`); bytes 1... are the stream
// a client sent on one connection. For each of two limit sets (defaults, and small ones so the 413/431 paths
// are reached) the stream is parsed
//   (a) whole: everything in one buffer, calling `next` while it makes progress;
//   (b) split: appended piece by piece to a connection-style buffer, calling `next` after every piece until
//       it needs more, dropping what was consumed;
// and the two event sequences (requests with method/target/version/headers/body/keepAlive, 100-continue,
// failures with their exact error) must be identical, as must the bytes left unconsumed at the end.
// With PARSER_FUZZ_LENIENT_ERRORS=1 in the environment, failures only have to happen at the same point of the
// event sequence, not with the same error (for hunting other bugs once an error-kind divergence is known).
// Invariants: consumed never exceeds the input, bodies never exceed maxBodyBytes, a failed parser stays
// failed and consumes nothing more, and every loop terminates (bounded iteration count).

#if canImport(Glibc)
import Glibc
#endif

let lenientErrors = getenv("PARSER_FUZZ_LENIENT_ERRORS").map { String(cString: $0) == "1" } ?? false

/// What the parser reported, in a comparable form. `.needMore` is not recorded: its count depends on the split.
enum Recorded: Equatable, CustomStringConvertible {
    case continueExpected
    case request(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, body: [UInt8], keepAlive: Bool)
    case failure(HTTPParseError)

    var description: String {
        switch self {
        case .continueExpected: return "100-continue"
        case .request(let m, let t, let v, let h, let b, let k):
            return "request(\(m) \(t) \(v) headers=\(h.fields.map { "\($0.name): \($0.value)" }) body=\(b.count)B keepAlive=\(k))"
        case .failure(let e): return "failure(\(e))"
        }
    }
}

struct Outcome: Equatable {
    var events: [Recorded] = []
    /// Bytes never consumed when the stream ended (nil after a failure: the connection is closed then).
    var leftover: Int? = nil
}

/// Checks one event against the invariants and records it. Returns false when the parser has failed.
@inline(__always)
func record(_ event: HTTPRequestParser.Event, consumed: Int, available: Int, limits: HTTPLimits,
            into outcome: inout Outcome) -> Bool {
    precondition(consumed >= 0 && consumed <= available, "consumed \(consumed) of \(available) bytes")
    switch event {
    case .needMore:
        return true
    case .continueExpected:
        outcome.events.append(.continueExpected)
    case .request(let r):
        precondition(r.body.count <= limits.maxBodyBytes, "body of \(r.body.count) bytes exceeds the limit \(limits.maxBodyBytes)")
        precondition(!r.method.isEmpty && r.method.utf8.allSatisfy(HTTPRequestParser.isTokenChar), "bad method \(r.method)")
        precondition(r.target.hasPrefix("/") || (r.target == "*" && r.method == "OPTIONS"), "bad target \(r.target)")
        precondition(r.version == .http1_1 || r.version == .http1_0, "bad version \(r.version)")
        precondition(r.headers.count <= limits.maxHeaderCount, "\(r.headers.count) header fields")
        for f in r.headers {
            precondition(!f.name.isEmpty && !f.name.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "header name not lower-cased: \(f.name)")
        }
        let hosts = r.headers.values("host").count
        precondition(hosts <= 1 && (hosts == 1 || r.version == .http1_0), "\(hosts) Host headers")
        precondition(r.headers.values("content-length").isEmpty || r.headers.values("transfer-encoding").isEmpty,
                     "both Content-Length and Transfer-Encoding accepted")
        outcome.events.append(.request(method: r.method, target: r.target, version: r.version, headers: r.headers,
                                       body: r.body, keepAlive: r.keepAlive))
    case .failure(let e):
        outcome.events.append(.failure(e))
        return false
    }
    return true
}

/// After a failure the parser stays failed and consumes nothing.
func checkStaysFailed(_ parser: inout HTTPRequestParser, _ bytes: UnsafeRawBufferPointer, _ error: HTTPParseError) {
    let (again, consumed) = parser.next(bytes)
    guard case .failure(let e) = again, e == error, consumed == 0 else {
        fatalError("failed parser reported \(again) consuming \(consumed) (was \(error))")
    }
}

/// (a) The whole stream in one buffer.
func parseWhole(_ input: UnsafeRawBufferPointer, limits: HTTPLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var offset = 0
    var iterations = 0
    while true {
        iterations += 1
        precondition(iterations <= input.count + 2, "no termination after \(iterations) calls")
        let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
        let (event, consumed) = parser.next(rest)
        let ok = record(event, consumed: consumed, available: rest.count, limits: limits, into: &outcome)
        offset += consumed
        if !ok {
            if case .failure(let e) = event {
                checkStaysFailed(&parser, UnsafeRawBufferPointer(rebasing: input[offset...]), e)
            }
            return outcome
        }
        if case .needMore = event {
            // Asking again with nothing new must not change anything.
            let (again, c2) = parser.next(UnsafeRawBufferPointer(rebasing: input[offset...]))
            guard case .needMore = again, c2 == 0 else { fatalError("needMore then \(again) consuming \(c2) on the same bytes") }
            outcome.leftover = input.count - offset
            return outcome
        }
        // .request / .continueExpected: keep going (a request always consumes its head).
        if consumed == 0, case .request = event { fatalError("request reported without consuming input") }
    }
}

/// How the stream is cut into reads, chosen by the first input byte.
struct Splitter {
    let mode: UInt8
    let param: Int
    var rng: UInt64

    init(_ selector: UInt8) {
        mode = selector & 3
        param = Int(selector >> 2)          // 0...63
        rng = 0x9E37_79B9_7F4A_7C15 &* UInt64(selector &+ 1)
    }

    /// Length of the next piece, given what is left and the total.
    mutating func nextLength(remaining: Int, total: Int) -> Int {
        switch mode {
        case 0: return min(remaining, param + 1)                        // fixed stride 1...64
        case 1: return 1                                                 // byte by byte
        case 2:                                                          // pseudo-random 1...2^k
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let cap = 1 << (1 + param % 8)
            return min(remaining, 1 + Int((rng >> 33) % UInt64(cap)))
        default:                                                         // two reads, cut at param/64
            let cut = max(1, total * param / 64)
            return remaining == total && cut < total ? cut : remaining
        }
    }
}

/// (b) The stream arriving in pieces: append, parse until more is needed, drop what was consumed.
func parseSplit(_ input: UnsafeRawBufferPointer, limits: HTTPLimits, selector: UInt8) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var splitter = Splitter(selector)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(input.count)
    var start = 0          // first unconsumed byte of `buffer`
    var fed = 0
    var calls = 0
    while fed < input.count || input.isEmpty {
        let n = input.isEmpty ? 0 : splitter.nextLength(remaining: input.count - fed, total: input.count)
        precondition(input.isEmpty || n >= 1, "empty piece")
        // Compact now and then, as a connection's buffer would.
        if start > 0 && start >= buffer.count / 2 { buffer.removeFirst(start); start = 0 }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[fed..<(fed + n)]))
        fed += n
        while true {
            calls += 1
            precondition(calls <= 2 * input.count + 4, "no termination after \(calls) calls")
            let (event, consumed, available) = buffer.withUnsafeBytes { all -> (HTTPRequestParser.Event, Int, Int) in
                let rest = UnsafeRawBufferPointer(rebasing: all[start...])
                let (e, c) = parser.next(rest)
                return (e, c, rest.count)
            }
            let ok = record(event, consumed: consumed, available: available, limits: limits, into: &outcome)
            start += consumed
            if !ok {
                if case .failure(let e) = event {
                    buffer.withUnsafeBytes { checkStaysFailed(&parser, UnsafeRawBufferPointer(rebasing: $0[start...]), e) }
                }
                return outcome
            }
            if case .needMore = event { break }
        }
        if input.isEmpty { break }
    }
    outcome.leftover = buffer.count - start
    return outcome
}

func compare(_ whole: Outcome, _ split: Outcome, limits: HTTPLimits, selector: UInt8) {
    if whole == split { return }
    if lenientErrors {
        func erase(_ o: Outcome) -> Outcome {
            var o = o
            o.events = o.events.map { if case .failure = $0 { return .failure(.badRequest("any")) }; return $0 }
            return o
        }
        if erase(whole) == erase(split) { return }
    }
    var report = "split changes the outcome (limits \(limits), selector \(selector))\n"
    report += "  whole: \(whole.events) leftover \(whole.leftover.map(String.init) ?? "-")\n"
    report += "  split: \(split.events) leftover \(split.leftover.map(String.init) ?? "-")"
    fatalError(report)
}

let smallLimits = HTTPLimits(maxHeaderBytes: 256, maxBodyBytes: 1024, maxHeaderCount: 8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let stream = UnsafeRawBufferPointer(start: UnsafeRawPointer(data + 1), count: size - 1)
    for limits in [HTTPLimits(), smallLimits] {
        let whole = parseWhole(stream, limits: limits)
        let split = parseSplit(stream, limits: limits, selector: selector)
        compare(whole, split, limits: limits, selector: selector)
        // Byte by byte is the harshest split; check it as well when the selector chose another.
        if selector & 3 != 1 {
            compare(whole, parseSplit(stream, limits: limits, selector: 1), limits: limits, selector: 1)
        }
    }
    return 0
}
