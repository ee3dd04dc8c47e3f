/// A loop turn's work for newcomers, rationed: accepting connections, their TLS handshake steps, reading
/// their first request head, and answering or closing connections whose time ran out. A slowloris (thousands
/// of connections dribbling header bytes, reconnected in waves as the header timeout closes them) otherwise
/// makes turns of milliseconds: a batch of 64 accepts, a handshake's key exchange and signature per
/// reconnect, hundreds of one-byte reads per `epoll_wait`, a sweep answering hundreds of 408s at once; and
/// every request on an established connection waits for the turn it arrives in.
///
/// A turn first serves its established connections (the events of those that have sent a whole request
/// head, and the jobs answering them), then newcomer work while the turn's newcomer work has taken less
/// than its budget, and one step in any case (so newcomers always progress, and a step costlier than the
/// budget, a handshake's key exchange and signature, still runs). The kinds of newcomer work (the line of
/// waiting connections, accepts, the sweep's timeouts) take turns going first, so none starves the others.
/// The budget is `Budget.perTurn`, or a share of what the turn's established work took when that is more,
/// up to `Budget.ceiling`: a turn busy with established clients still leaves newcomers a fair part of the
/// loop, so that their handshakes finish within the header timeout rather than time out and come back as
/// more handshakes. What does not fit waits: connections in a line, in order, with the events they got
/// (edge-triggered: none would come again), and the loop polls instead of sleeping while any wait; a
/// listener's backlog in the kernel (listeners are level-triggered, so epoll reports them again); the
/// sweep's timeouts at its cursor. A budget in time rather than in steps holds whatever a step costs (key
/// type, CPU speed). Loop-thread state.
struct NewcomerRation {
    /// What a request on an established connection waits for newcomers at most, beyond one step: the larger
    /// of `perTurn` and `establishedShare` of the established work of its turn, at most `ceiling` (a turn
    /// whose thread was preempted looks long without having served more).
    struct Budget: Sendable {
        var perTurn: Duration
        var establishedShare: Double
        var ceiling: Duration

        /// A quiet turn's requests wait 100 µs at most; a busy one's at most half as long again.
        static let standard = Budget(
            perTurn: .microseconds(100), establishedShare: 0.5, ceiling: .microseconds(500))
        /// One newcomer step a turn (tests).
        static let oneStep = Budget(perTurn: .zero, establishedShare: 0, ceiling: .zero)
    }

    private let perTurn: Int64
    private let establishedShare: Double
    private let ceiling: Int64
    private var waiting: [Connection] = []
    private var next = 0
    /// This turn's budget and the newcomer work done in it, in nanoseconds; steps taken.
    private var budget: Int64 = 0
    private var spent: Int64 = 0
    private var steps = 0

    init(_ budget: Budget = .standard) {
        perTurn = budget.perTurn.nanoseconds
        establishedShare = budget.establishedShare
        ceiling = max(budget.ceiling.nanoseconds, perTurn)
    }

    var hasWaiting: Bool { next < waiting.count }

    /// Another step fits in the turn: the first always does.
    var hasRoom: Bool { steps == 0 || spent < budget }

    /// The turn's newcomer work starts, after `established` nanoseconds of established work.
    mutating func newTurn(established: Int64) {
        budget = min(max(perTurn, Int64(Double(established) * establishedShare)), ceiling)
        spent = 0
        steps = 0
    }

    /// Charges the work since `started` (monotonic nanoseconds) to this turn; `step` false: work that did
    /// nothing for a newcomer (timeouts checked, none run out), which is no turn's first step.
    mutating func charge(since started: Int64, step: Bool = true) {
        spent += monotonicNanoseconds() - started
        if step { steps += 1 }
    }

    /// Puts `connection` in line with `events`, or adds them to those it waits with.
    mutating func wait(_ connection: Connection, events: UInt32) {
        if connection.newcomerEvents == 0 { waiting.append(connection) }
        connection.newcomerEvents |= events
    }

    /// The next connection in line and the events it waited with; those closed meanwhile are skipped.
    mutating func nextWaiting() -> (Connection, UInt32)? {
        defer {
            if next == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                next = 0
            }
        }
        while next < waiting.count {
            let connection = waiting[next]
            next += 1
            let events = connection.newcomerEvents
            connection.newcomerEvents = 0
            if connection.state != .closed { return (connection, events) }
        }
        return nil
    }
}
