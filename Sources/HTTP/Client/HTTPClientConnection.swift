/// One keep-alive HTTP/1.1 connection to a server: writes a request, reads its response (framed by
/// Content-Length, chunked, or by the close) and knows whether it may carry the next request. Bounded:
/// a response head beyond `maxHeadBytes` or a body beyond the caller's limit is an error, not memory.
final class HTTPClientConnection: @unchecked Sendable {  // used by one thread at a time (pool or stream)
    /// Status line plus header fields of a response.
    static let maxHeadBytes = 64 * 1024
    /// A chunk-size line (hex digits and extensions).
    static let maxChunkLineBytes = 4 * 1024

    enum Framing { case length(Int), chunked, untilClose }

    let origin: HTTPOrigin
    let socket: ClientSocket
    /// Received bytes; those before `start` are consumed.
    private var buffer: [UInt8] = []
    private var start = 0
    /// False once the server said close, framing ran to the close, or anything failed.
    private(set) var reusable = true
    /// Requests this connection has carried (a reused one may have been closed by the server meanwhile).
    private(set) var requests = 0
    /// The body framing of the response being read, and how much of it is left.
    private var framing: Framing = .length(0)
    private var chunkRemaining = 0
    private var bodyDone = true

    init(origin: HTTPOrigin, tls: ClientTLSContext?, deadline: Int64) throws(HTTPClientError) {
        self.origin = origin
        socket = try ClientSocket.connect(to: origin, tls: tls, deadline: deadline)
    }

    func send(_ request: HTTPClientRequest, deadline: Int64?) throws(HTTPClientError) {
        requests += 1
        do throws(HTTPClientError) {
            try socket.write(request.serialized(authority: origin.authority), deadline: deadline)
        } catch {
            reusable = false
            throw error
        }
    }

    /// Reads the status line and header fields, and sets up the body's framing.
    func readHead(deadline: Int64?) throws(HTTPClientError) -> (status: Int, headers: HTTPHeaders) {
        do throws(HTTPClientError) {
            var head: [UInt8]
            while true {
                if let end = find([13, 10, 13, 10], from: start) {
                    head = Array(buffer[start..<end])
                    start = end + 4
                    break
                }
                if buffer.count - start > Self.maxHeadBytes {
                    throw HTTPClientError(.sent, "response head larger than \(Self.maxHeadBytes) bytes")
                }
                try fill(deadline: deadline)
            }
            let (status, headers, http10) = try Self.parseHead(head)
            // An interim answer (100 Continue): skip it.
            if status >= 100 && status < 200 { return try readHead(deadline: deadline) }
            if http10 || headers["connection"].map({ $0.equalsIgnoringASCIICase("close") }) == true { reusable = false }
            if let coding = headers["transfer-encoding"] {
                guard coding.equalsIgnoringASCIICase("chunked") else {
                    throw HTTPClientError(.sent, "unsupported Transfer-Encoding \(coding)")
                }
                framing = .chunked
                chunkRemaining = 0
            } else if let length = headers["content-length"] {
                guard let n = Int(length), n >= 0 else { throw HTTPClientError(.sent, "bad Content-Length \(length)") }
                framing = .length(n)
            } else if status == 204 || status == 304 {
                framing = .length(0)
            } else {
                framing = .untilClose
                reusable = false
            }
            bodyDone = false
            return (status, headers)
        } catch {
            reusable = false
            throw error
        }
    }

    /// The whole body; more than `maxBytes` is an error.
    func readBody(maxBytes: Int, deadline: Int64?) throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while let piece = try readBodyPiece(deadline: deadline) {
            body += piece
            if body.count > maxBytes {
                reusable = false
                throw HTTPClientError(.sent, "response body larger than \(maxBytes) bytes")
            }
        }
        return body
    }

    /// The next part of the body as it arrives (for a chunked stream, one chunk or what has arrived of
    /// it); nil once the body is complete.
    func readBodyPiece(deadline: Int64?) throws(HTTPClientError) -> [UInt8]? {
        guard !bodyDone else { return nil }
        do throws(HTTPClientError) {
            switch framing {
            case .length(let remaining):
                if remaining == 0 { bodyDone = true; return nil }
                if start == buffer.count { try fill(deadline: deadline) }
                let n = min(remaining, buffer.count - start)
                framing = .length(remaining - n)
                return take(n)
            case .untilClose:
                if start == buffer.count, try socket.read(into: &buffer, deadline: deadline) == 0 {
                    bodyDone = true; return nil
                }
                return take(buffer.count - start)
            case .chunked:
                return try readChunkPiece(deadline: deadline)
            }
        } catch {
            reusable = false
            throw error
        }
    }

    private func readChunkPiece(deadline: Int64?) throws(HTTPClientError) -> [UInt8]? {
        if chunkRemaining == 0 {
            let line = try readLine(limit: Self.maxChunkLineBytes, deadline: deadline)
            let digits = line.prefix { $0 != UInt8(ascii: ";") }.filter { $0 != UInt8(ascii: " ") && $0 != 9 }
            guard !digits.isEmpty, digits.count <= 15,
                let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
            else {
                throw HTTPClientError(.sent, "bad chunk size line")
            }
            if size == 0 {
                while try !readLine(limit: Self.maxHeadBytes, deadline: deadline).isEmpty {}  // trailer fields, ignored
                bodyDone = true
                return nil
            }
            chunkRemaining = size
        }
        if start == buffer.count { try fill(deadline: deadline) }
        let n = min(chunkRemaining, buffer.count - start)
        chunkRemaining -= n
        let piece = take(n)
        if chunkRemaining == 0 {
            guard try readLine(limit: 2, deadline: deadline).isEmpty else {
                throw HTTPClientError(.sent, "chunk not followed by CRLF")
            }
        }
        return piece
    }

    /// One CRLF-terminated line, without the CRLF.
    private func readLine(limit: Int, deadline: Int64?) throws(HTTPClientError) -> [UInt8] {
        while true {
            if let end = find([13, 10], from: start) {
                let line = Array(buffer[start..<end])
                start = end + 2
                return line
            }
            if buffer.count - start > limit { throw HTTPClientError(.sent, "line longer than \(limit) bytes") }
            try fill(deadline: deadline)
        }
    }

    private func take(_ n: Int) -> [UInt8] {
        let piece = Array(buffer[start..<(start + n)])
        start += n
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return piece
    }

    private func fill(deadline: Int64?) throws(HTTPClientError) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        if try socket.read(into: &buffer, deadline: deadline) == 0 {
            throw HTTPClientError(.sent, "connection closed by the server")
        }
    }

    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard buffer.count - from >= pattern.count else { return nil }
        var i = from
        let last = buffer.count - pattern.count
        while i <= last {
            if buffer[i] == pattern[0] {
                var match = true
                for j in 1..<pattern.count where buffer[i + j] != pattern[j] { match = false; break }
                if match { return i }
            }
            i += 1
        }
        return nil
    }

    /// Status code, fields and whether the server speaks HTTP/1.0 (no keep-alive by default).
    static func parseHead(_ head: [UInt8]) throws(HTTPClientError) -> (Int, HTTPHeaders, Bool) {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line in
            line.last == 13 ? line.dropLast() : line
        }
        guard !lines.isEmpty else { throw HTTPClientError(.sent, "empty response") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
            let status = Int(String(decoding: parts[1], as: UTF8.self))
        else {
            throw HTTPClientError(
                .sent, "malformed status line: \(String(decoding: statusLine.prefix(80), as: UTF8.self))")
        }
        var headers = HTTPHeaders()
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw HTTPClientError(.sent, "malformed header field")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            headers.add(name, value)
        }
        return (status, headers, parts[0].elementsEqual(Array("HTTP/1.0".utf8)))
    }

    func close() { socket.close() }
}
