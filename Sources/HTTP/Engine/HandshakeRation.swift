import CLinux

/// TLS handshake work rationed per turn of a loop. A handshake's first step costs the loop a key exchange
/// and a signature (a fraction of a millisecond); a flood of new TLS connections (a slowloris reconnecting
/// thousands at a time, a handshake flood) would otherwise hold up the requests of established connections
/// for as long as the flood lasts. Beyond `budget` steps in a turn, handshakes wait, in order, for the next
/// turns, which then poll instead of sleeping, so they are not slowed, only interleaved. Loop-thread state.
struct HandshakeRation {
    /// Handshake steps per loop turn.
    static let budget = 8

    private var waiting: [Connection] = []
    private var next = 0
    private var used = 0

    var hasWaiting: Bool { next < waiting.count }

    /// A new turn of the loop: the budget is whole again, and those waiting go first.
    mutating func newTurn() {
        used = 0
        while hasWaiting && used < Self.budget {
            let connection = waiting[next]
            next += 1
            connection.handshakeWaiting = false
            guard connection.isHandshaking else { continue }
            used += 1
            connection.handle(events: EPOLLIN.rawValue | EPOLLOUT.rawValue)
        }
        if next == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            next = 0
        }
    }

    /// True when `connection` may take a handshake step now (and it is counted); false when it was put in
    /// line for a later turn.
    mutating func admit(_ connection: Connection) -> Bool {
        if connection.handshakeWaiting { return false }
        if used < Self.budget && !hasWaiting {
            used += 1
            return true
        }
        connection.handshakeWaiting = true
        waiting.append(connection)
        return false
    }
}
