/// The listeners one loop has stopped accepting on because `accept` ran out of descriptors (EMFILE,
/// ENFILE), and when to try again. Without the pause a level-triggered listener with a backlog wakes the
/// loop at once, `accept` fails again, and the loop spins a core while nothing gets served; nginx pauses
/// its accept events the same way. Loop-thread state.
struct AcceptPauses {
    private struct Paused {
        let listener: Listener
        let resumeAt: Int64
    }

    private var paused: [Paused] = []
    /// The pause the next shortage of a listener gets (doubles while the shortage lasts); absent: the minimum.
    private var nextLength: [Int32: Int64] = [:]

    var isEmpty: Bool { paused.isEmpty }

    /// Records the pause of `listener` from `now`; returns its length in nanoseconds.
    mutating func pause(_ listener: Listener, now: Int64) -> Int64 {
        let minimum = ConnectionLimits.minAcceptPause.nanoseconds
        let length = nextLength[listener.fd] ?? minimum
        nextLength[listener.fd] = min(length * 2, ConnectionLimits.maxAcceptPause.nanoseconds)
        paused.append(Paused(listener: listener, resumeAt: now + length))
        listener.counters.acceptPauses.wrappingAdd(1, ordering: .relaxed)
        listener.counters.pausedLoops.wrappingAdd(1, ordering: .relaxed)
        return length
    }

    /// The listeners whose pause is over, no longer counted as paused.
    mutating func due(now: Int64) -> [Listener] {
        guard paused.contains(where: { $0.resumeAt <= now }) else { return [] }
        let ready = paused.filter { $0.resumeAt <= now }.map(\.listener)
        paused.removeAll { $0.resumeAt <= now }
        for listener in ready { listener.counters.pausedLoops.wrappingSubtract(1, ordering: .relaxed) }
        return ready
    }

    /// An accept succeeded: the next shortage starts again from the shortest pause.
    mutating func accepted(_ listener: Listener) {
        if !nextLength.isEmpty { nextLength[listener.fd] = nil }
    }

    /// The listener is going away; true when it was paused (so it is no longer in epoll).
    mutating func forget(_ listener: Listener) -> Bool {
        nextLength[listener.fd] = nil
        guard let index = paused.firstIndex(where: { $0.listener === listener }) else { return false }
        paused.remove(at: index)
        listener.counters.pausedLoops.wrappingSubtract(1, ordering: .relaxed)
        return true
    }
}
