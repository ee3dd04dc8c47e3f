#if canImport(Glibc)
import Glibc
#endif

/// An incremental, strict, bounded HTTP/1.1 request parser.
///
/// The caller keeps the unconsumed input and hands all of it to `next` after every read; `next` reports
/// how many bytes it consumed. The head is only consumed once complete (the scan resumes where it left
/// off, so a slow header costs O(n)); bodies are consumed as they arrive. Any split of the same bytes yields
/// the same requests. After a failure the parser stays failed: the connection must answer and close.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// The input holds no complete request yet.
        case needMore
        /// A head asked for `Expect: 100-continue`; the body follows once the caller says Continue.
        case continueExpected
        case request(HTTPRequest)
        case failure(HTTPParseError)
    }

    private enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
        case failed(HTTPParseError)
    }

    public let limits: HTTPLimits
    private var state = State.head
    /// Bytes of the current head already scanned for its end.
    var scanned = 0
    var emptyLinesSkipped = 0
    /// The request whose body is being read.
    private var pending: HTTPRequest?

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// True while part of a request has been seen but not all of it.
    public var isMidRequest: Bool {
        if case .head = state { return scanned > 0 }
        if case .failed = state { return false }
        return true
    }

    /// True while reading a request's head (the header-read timeout applies).
    public var isReadingHead: Bool {
        if case .head = state { return true }
        return false
    }

    public mutating func next(_ input: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        var offset = 0
        while true {
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            switch state {
            case .failed(let error):
                return (.failure(error), offset)

            case .head:
                switch readHead(rest) {
                case .needMore:
                    return (.needMore, offset)
                case .skip(let n):
                    offset += n
                case .failure(let error):
                    return (fail(error), offset)
                case .complete(let request, let length, let framing, let expectContinue):
                    offset += length
                    scanned = 0
                    emptyLinesSkipped = 0
                    switch framing {
                    case .none:
                        return (.request(request), offset)
                    case .length(let n):
                        pending = request
                        pending!.body.reserveCapacity(n)
                        state = .fixedBody(remaining: n)
                    case .chunked:
                        pending = request
                        state = .chunkSize
                    }
                    if expectContinue { return (.continueExpected, offset) }
                }

            case .fixedBody(let remaining):
                let take = min(remaining, rest.count)
                if take == 0 { return (.needMore, offset) }
                pending!.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<take]))
                offset += take
                if take == remaining { return (finishRequest(), offset) }
                state = .fixedBody(remaining: remaining - take)

            case .chunkSize:
                switch readLine(
                    rest, limit: HTTPLimits.maxChunkLineBytes, tooLong: .badRequest("chunk size line too long"))
                {
                case .needMore: return (.needMore, offset)
                case .failure(let error): return (fail(error), offset)
                case .line(let line, let length):
                    guard let size = Self.parseChunkSize(line) else {
                        return (fail(.badRequest("invalid chunk size line")), offset)
                    }
                    if size > limits.maxBodyBytes - pending!.body.count { return (fail(.bodyTooLarge), offset) }
                    offset += length
                    state = size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let take = min(remaining, rest.count)
                if take == 0 { return (.needMore, offset) }
                pending!.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<take]))
                offset += take
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)

            case .chunkDataEnd:
                if rest.count < 2 {
                    if rest.count == 1 && rest[0] != UInt8(ascii: "\r") {
                        return (fail(.badRequest("chunk data not followed by CRLF")), offset)
                    }
                    return (.needMore, offset)
                }
                guard rest[0] == UInt8(ascii: "\r"), rest[1] == UInt8(ascii: "\n") else {
                    return (fail(.badRequest("chunk data not followed by CRLF")), offset)
                }
                offset += 2
                state = .chunkSize

            case .trailers(let bytes):
                switch readLine(rest, limit: limits.maxHeaderBytes - bytes, tooLong: .headerTooLarge) {
                case .needMore: return (.needMore, offset)
                case .failure(let error): return (fail(error), offset)
                case .line(let line, let length):
                    offset += length
                    if line.isEmpty { return (finishRequest(), offset) }
                    // Trailer fields are checked like header fields, then dropped: nothing here needs them.
                    if case .failure(let error) = Self.parseField(line) { return (fail(error), offset) }
                    state = .trailers(bytes: bytes + length)
                }
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        pending = nil
        return .failure(error)
    }

    private mutating func finishRequest() -> Event {
        state = .head
        let request = pending!
        pending = nil
        return .request(request)
    }

    // MARK: - Lines

    private enum LineResult {
        case needMore
        case line(UnsafeRawBufferPointer, length: Int)
        case failure(HTTPParseError)
    }

    /// One CRLF-terminated line (without its CRLF) and its length with CRLF. Bare CR or LF fail.
    private func readLine(_ bytes: UnsafeRawBufferPointer, limit: Int, tooLong: HTTPParseError) -> LineResult {
        guard let lf = Self.find(UInt8(ascii: "\n"), in: bytes, from: 0) else {
            return bytes.count > limit ? .failure(tooLong) : .needMore
        }
        if lf + 1 > limit { return .failure(tooLong) }
        guard lf > 0, bytes[lf - 1] == UInt8(ascii: "\r") else { return .failure(.badRequest("bare LF")) }
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<(lf - 1)])
        if Self.find(UInt8(ascii: "\r"), in: line, from: 0) != nil { return .failure(.badRequest("bare CR")) }
        return .line(line, length: lf + 1)
    }

    static func find(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// `1*HEXDIG [ BWS ";" chunk-ext ]`: the size, or nil when malformed or too many digits.
    static func parseChunkSize(_ line: UnsafeRawBufferPointer) -> Int? {
        var size = 0
        var digits = 0
        var i = 0
        while i < line.count, let value = hexValue(line[i]) {
            size = size << 4 | value
            digits += 1
            i += 1
        }
        guard digits > 0, digits <= HTTPLimits.maxChunkSizeDigits, size >= 0 else { return nil }
        // Extensions are allowed and ignored, but must be made of visible characters.
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        if i == line.count { return size }
        guard line[i] == UInt8(ascii: ";") else { return nil }
        for byte in line[(i + 1)...] where !(byte == 0x09 || (byte >= 0x20 && byte != 0x7F)) { return nil }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
