import CLinux

/// TLS handshake work rationed per turn of a loop. A handshake's first step costs the loop a key exchange
/// and a signature (a fraction of a millisecond); a flood of new TLS connections (a slowloris reconnecting
/// thousands at a time, a handshake flood) would otherwise hold up the requests of established connections
/// for as long as the flood lasts. Handshake steps stop for the turn once the turn has taken `turnBudget`
/// (at least one step a turn, so handshakes always progress); the rest wait, in order, for the next turns,
/// which then poll instead of sleeping, so they are not slowed more than the requests around them need.
/// A budget in time rather than in steps holds whatever a step costs (key type, CPU speed). Loop-thread state.
struct HandshakeRation {
    /// How long a loop turn may have run when it takes another handshake step: what a request on an
    /// established connection waits for handshakes at most, beyond one step.
    static let turnBudget: Duration = .microseconds(250)
    static let turnBudgetNanoseconds = turnBudget.components.attoseconds / 1_000_000_000

    private var waiting: [Connection] = []
    private var next = 0
    private var stepsThisTurn = 0
    private var turnStarted: Int64 = 0

    var hasWaiting: Bool { next < waiting.count }

    /// Another step fits in this turn: the first always does.
    private var hasRoom: Bool {
        stepsThisTurn == 0 || monotonicNanoseconds() - turnStarted < Self.turnBudgetNanoseconds
    }

    /// A new turn of the loop (`now`: when it started): the budget is whole again, and those waiting go first.
    mutating func newTurn(now: Int64) {
        stepsThisTurn = 0
        turnStarted = now
        while hasWaiting && hasRoom {
            let connection = waiting[next]
            next += 1
            connection.handshakeWaiting = false
            guard connection.isHandshaking else { continue }
            stepsThisTurn += 1
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
        if !hasWaiting && hasRoom {
            stepsThisTurn += 1
            return true
        }
        connection.handshakeWaiting = true
        waiting.append(connection)
        return false
    }
}
