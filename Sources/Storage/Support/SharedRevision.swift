import Synchronization

/// A revision published by one thread and read by others without a lock (the fan-out's progress).
final class SharedRevision: Sendable {
    private let value: Atomic<Int64>

    init(_ initial: Int64) { value = Atomic(initial) }

    func load() -> Int64 { value.load(ordering: .acquiring) }
    func store(_ revision: Int64) { value.store(revision, ordering: .releasing) }
}
