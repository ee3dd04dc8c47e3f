/// Why a client request failed, and whether the server can have seen it: a request that never left
/// (`notSent`) may be retried anywhere; after `sent`, a non-idempotent request's outcome is unknown.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: Sendable, Equatable {
        /// Resolving, connecting or the TLS handshake failed: nothing reached the server.
        case notSent
        /// The request was (at least partly) written; the response did not arrive whole.
        case sent
    }

    public let stage: Stage
    public let message: String
    /// The deadline passed (as opposed to a refusal or a closed connection).
    public let timedOut: Bool

    public init(_ stage: Stage, _ message: String, timedOut: Bool = false) {
        self.stage = stage
        self.message = message
        self.timedOut = timedOut
    }

    public var description: String { message }

    /// Runs `body`, reporting any failure at `stage` (the caller knows what had been sent).
    static func staged<T>(_ stage: Stage, _ body: () throws(HTTPClientError) -> T) throws(HTTPClientError) -> T {
        do throws(HTTPClientError) { return try body() } catch {
            throw HTTPClientError(stage, error.message, timedOut: error.timedOut)
        }
    }
}
