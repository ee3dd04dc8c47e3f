import Synchronization

/// The server's console channel once started, and the socket it listens on: the secure port's filter
/// finds it here (before `startConsoleChannel`, /debug/console/ is just not found), and shutdown takes
/// it out, which also ends the channel's reference back to the server.
public final class ConsoleChannelSlot: Sendable {
    struct Running: Sendable {
        var channel: ConsoleChannel
        var socketPath: String?
    }

    private let running = Mutex<Running?>(nil)

    var channel: ConsoleChannel? { running.withLock { $0?.channel } }
    public var socketPath: String? { running.withLock { $0?.socketPath } }

    func set(_ value: Running) { running.withLock { $0 = value } }

    func take() -> Running? { running.withLock { $0.take() } }
}

/// The secure port's filter, reading the slot per request under /debug/console/ only.
struct ConsoleChannelSlotFilter: APIFilter {
    let slot: ConsoleChannelSlot

    func handle(_ exchange: Exchange, next: any APIHandler) {
        guard exchange.request.pathHasPrefix("/debug/console/"), let channel = slot.channel else {
            return next.handle(exchange)
        }
        ConsoleChannelFilter(channel: channel).handle(exchange, next: next)
    }
}
