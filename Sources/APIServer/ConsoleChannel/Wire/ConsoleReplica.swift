/// A console's copy of the master's state, kept by applying the stream's frames in order: a snapshot
/// replaces it, a delta updates the sections it carries and appends its rows (the newest kept: as many
/// as the master keeps, up to a quarter more between trims). The master's publisher keeps one too, to
/// hand a console that attaches a snapshot consistent with the deltas that follow.
public struct ConsoleReplica: Sendable {
    /// Rows kept: by default as many as the master keeps.
    public let maxRequests: Int
    public let maxAuthFailures: Int

    public private(set) var data = ConsoleData()
    public private(set) var hello: ConsoleHello?
    /// False until the first snapshot: deltas before it cannot be applied.
    public private(set) var hasSnapshot = false

    public init(
        maxRequests: Int = Observatory.defaultRecentCapacity,
        maxAuthFailures: Int = Observatory.defaultAuthFailureCapacity
    ) {
        self.maxRequests = maxRequests
        self.maxAuthFailures = maxAuthFailures
    }

    public mutating func apply(_ frame: ConsoleFrame) throws(ConsoleWireError) {
        switch frame {
        case .hello(let hello):
            guard hello.format == ConsoleWire.formatVersion else {
                throw ConsoleWireError(
                    "the master speaks console format \(hello.format), this console \(ConsoleWire.formatVersion)")
            }
            self.hello = hello
        case .update(let update):
            apply(update)
        case .bye, .unknown:
            break
        }
    }

    public mutating func apply(_ update: ConsoleUpdate) {
        if update.isSnapshot {
            data = ConsoleData()
            hasSnapshot = true
        } else if !hasSnapshot {
            return
        }
        data.copy(update.sections, from: update.state)
        // Trimmed a quarter beyond the bound, not at every frame: moving thousands of rows down ten times a
        // second cost more than the rest of applying a delta.
        data.recent += update.state.recent
        if data.recent.count > maxRequests + maxRequests / 4 {
            data.recent.removeFirst(data.recent.count - maxRequests)
        }
        data.authFailures += update.state.authFailures
        if data.authFailures.count > maxAuthFailures + maxAuthFailures / 4 {
            data.authFailures.removeFirst(data.authFailures.count - maxAuthFailures)
        }
        data.skippedRequests += update.skippedRequests
    }

    /// Starts over (a new connection: the next frames are a hello and a snapshot).
    public mutating func reset() {
        hasSnapshot = false
        hello = nil
    }
}
