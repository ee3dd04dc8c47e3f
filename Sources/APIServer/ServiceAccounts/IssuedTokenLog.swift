import HTTP
import Synchronization

/// Which service accounts were given tokens, how many and when last: what the console's Credentials view
/// lists. Never the tokens themselves.
public final class IssuedTokenLog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var count: Int
        /// Wall-clock nanoseconds of the latest token.
        public var lastIssued: Int64

        public init(namespace: String, name: String, count: Int, lastIssued: Int64) {
            self.namespace = namespace
            self.name = name
            self.count = count
            self.lastIssued = lastIssued
        }
    }

    /// Accounts remembered; past it the one with the oldest token is forgotten.
    public static let capacity = 1024

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func record(namespace: String, name: String, at now: Int64 = wallClockNanoseconds()) {
        entries.withLock { entries in
            let key = namespace + "/" + name
            if entries[key] == nil, entries.count >= Self.capacity,
                let oldest = entries.min(by: { $0.value.lastIssued < $1.value.lastIssued })
            {
                entries[oldest.key] = nil
            }
            entries[key, default: Entry(namespace: namespace, name: name, count: 0, lastIssued: now)].count += 1
            entries[key]?.lastIssued = now
        }
    }

    /// Most recent first.
    public func snapshot() -> [Entry] {
        entries.withLock { Array($0.values) }.sorted {
            $0.lastIssued != $1.lastIssued
                ? $0.lastIssued > $1.lastIssued : ($0.namespace, $0.name) < ($1.namespace, $1.name)
        }
    }
}
