/// The one thread a watch's consumer writes from (an I/O loop), named so that the fan-out can hand each
/// batch of events to all of that thread's watchers at once (`WatchGroup`) instead of waking each.
public struct WatchThread: Sendable {
    /// The same identity, the same thread: its watchers share one group.
    public let id: ObjectIdentifier
    /// Runs `group.deliver()` on the thread, soon and never inline.
    public let wake: @Sendable (WatchGroup) -> Void

    public init(id: ObjectIdentifier, wake: @escaping @Sendable (WatchGroup) -> Void) {
        self.id = id
        self.wake = wake
    }
}
