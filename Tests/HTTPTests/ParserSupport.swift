@testable import HTTP

/// What a parser run produced, comparable across runs.
enum Outcome: Equatable, CustomStringConvertible {
    case request(
        method: String, target: String, version: HTTPVersion, headers: [String], body: [UInt8], keepAlive: Bool)
    case continueExpected
    case failure(Int)

    var description: String {
        switch self {
        case .request(let m, let t, _, let h, let b, let k):
            return "request(\(m) \(t) headers=\(h) body=\(b.count) keepAlive=\(k))"
        case .continueExpected: return "100-continue"
        case .failure(let code): return "failure(\(code))"
        }
    }

    var status: Int? {
        if case .failure(let code) = self { return code }
        return nil
    }

    var body: [UInt8]? {
        if case .request(_, _, _, _, let b, _) = self { return b }
        return nil
    }
}

/// Feeds `bytes` to a parser in pieces cut at `cuts`, the way a connection does (unconsumed bytes stay
/// buffered and are offered again with the next read), and collects every event.
func parse(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> [Outcome] {
    var parser = HTTPRequestParser(limits: limits)
    var buffer: [UInt8] = []
    var outcomes: [Outcome] = []
    var start = 0
    for end in (cuts.filter { $0 > 0 && $0 < bytes.count }.sorted() + [bytes.count]) {
        buffer += bytes[start..<end]
        start = end
        while true {
            let (event, consumed) = buffer.withUnsafeBytes { parser.next($0) }
            precondition(consumed <= buffer.count)
            buffer.removeFirst(consumed)
            switch event {
            case .needMore:
                break
            case .continueExpected:
                outcomes.append(.continueExpected)
                continue
            case .request(let r):
                outcomes.append(
                    .request(
                        method: r.method, target: r.target, version: r.version,
                        headers: r.headers.map { "\($0.name): \($0.value)" }, body: r.body, keepAlive: r.keepAlive))
                continue
            case .failure(let e):
                outcomes.append(.failure(e.status.code))
                return outcomes
            }
            break
        }
    }
    return outcomes
}

func parse(_ text: String, cuts: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> [Outcome] {
    parse(Array(text.utf8), cuts: cuts, limits: limits)
}
