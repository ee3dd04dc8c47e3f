import Foundation
import HTTP

/// A responder without a socket, for running a handler in-process (as SwiftNIO tests a handler on an
/// `EmbeddedChannel`): it records the answer to one request, a whole response or a stream's head, chunks
/// and end. Answers may come from any thread (a write answers from the store's writer thread), so the
/// readers wait, with a deadline, for what they need.
public final class RecordingResponder: HTTPResponder, HTTPStreamSink, @unchecked Sendable {
    private let condition = NSCondition()
    private var recorded: RecordedResponse?
    private var answerCount = 0
    private var chunkList: [[UInt8]] = []
    private var finished = false
    private var stream: HTTPStream?

    public init() {}

    // MARK: - HTTPResponder

    public func send(_ response: HTTPResponse) {
        record(
            RecordedResponse(
                status: response.status, headers: response.headers,
                body: response.streamedBody?.collect() ?? response.body, isStream: false))
    }

    public func stream(_ head: HTTPResponseHead) -> HTTPStream {
        let stream = HTTPStream(sink: self)
        condition.withLock { self.stream = stream }
        record(RecordedResponse(status: head.status, headers: head.headers, body: [], isStream: true))
        return stream
    }

    private func record(_ response: RecordedResponse) {
        condition.withLock {
            answerCount += 1
            if recorded == nil { recorded = response }
            condition.broadcast()
        }
    }

    // MARK: - HTTPStreamSink

    public func write(_ bytes: [UInt8], for stream: HTTPStream) {
        condition.withLock {
            guard !finished else { return }
            chunkList.append(bytes)
            condition.broadcast()
        }
    }

    public func finish(_ stream: HTTPStream) {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
        stream.markClosed()
    }

    // MARK: - What a test reads

    /// The answer (a response, or a stream's head), once it came; nil after `timeout` seconds without one.
    public func response(timeout: Double = 10) -> RecordedResponse? {
        _ = wait(timeout) { recorded != nil }
        return condition.withLock { recorded }
    }

    /// How many times the handler answered; the engine ignores all but the first, so more is a bug.
    public var answers: Int { condition.withLock { answerCount } }

    /// The stream's chunks so far, each as written (a watch writes one event per chunk).
    public var chunks: [[UInt8]] { condition.withLock { chunkList } }

    /// The chunks as text, one string per chunk.
    public var chunkTexts: [String] { chunks.map { String(decoding: $0, as: UTF8.self) } }

    public var isFinished: Bool { condition.withLock { finished } }

    /// Waits until the stream holds at least `count` chunks; false after `timeout` seconds.
    @discardableResult
    public func waitForChunks(_ count: Int, timeout: Double = 10) -> Bool {
        wait(timeout) { chunkList.count >= count }
    }

    /// Waits until the stream's body ended (the handler finished it); false after `timeout` seconds.
    @discardableResult
    public func waitUntilFinished(timeout: Double = 10) -> Bool {
        wait(timeout) { finished }
    }

    /// The client goes away: the stream closes and its producer's close handler runs.
    public func disconnect() {
        let stream = condition.withLock { () -> HTTPStream? in
            finished = true
            condition.broadcast()
            return self.stream
        }
        stream?.markClosed()
    }

    private func wait(_ timeout: Double, until predicate: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate() {
            guard condition.wait(until: deadline) else { return predicate() }
        }
        return true
    }
}

/// One recorded answer: the status, the handler's headers (the engine adds Date and framing) and the body
/// (empty for a stream: its chunks are on the responder).
public struct RecordedResponse: Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var isStream: Bool

    public var code: Int { status.code }
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? { headers[name] }
    public var description: String { "\(status.code) \(headers.fields) \(text)" }
}
