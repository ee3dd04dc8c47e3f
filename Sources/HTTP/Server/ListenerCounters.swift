import Synchronization

/// What happened at a listener's door, counted from every loop.
final class ListenerCounters: Sendable {
    let refusedPortFull = Atomic<Int>(0)
    let refusedClientFull = Atomic<Int>(0)
    let acceptPauses = Atomic<Int>(0)
    let pausedLoops = Atomic<Int>(0)
}
