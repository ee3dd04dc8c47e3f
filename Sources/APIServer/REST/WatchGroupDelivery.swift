import HTTP
import Storage

/// A loop's watch group delivering what the fan-out handed it, as the loop's task (see `WatchGroup`): one
/// per hand-over the loop had not yet taken, not one per watcher.
final class WatchGroupDelivery: LoopTask {
    private let group: WatchGroup

    init(group: WatchGroup) { self.group = group }

    func runOnLoop() { group.deliver() }
}
