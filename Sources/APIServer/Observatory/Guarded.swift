import Synchronization

/// A `Mutex` that can live in an array (one per shard): `Mutex` itself is non-copyable.
public final class Guarded<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try mutex.withLock { try body(&$0) }
    }
}
