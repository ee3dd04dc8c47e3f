import APIServer
import HTTP

/// Takes a `ConsoleData` through the `ServerControl` once per frame and adds the request rates: the
/// server hands out counters, and per-second samplers kept here between frames turn them into rates and
/// sparklines (on the console's own clock, wherever the server is).
public final class ConsoleDataSource {
    private let control: any ServerControl
    private var total = RateSampler()
    private var perPort: [PortKind: RateSampler] = [:]

    public init(control: any ServerControl) {
        self.control = control
    }

    public func take() -> ConsoleData {
        var data = control.snapshot()
        let mono = monotonicNanoseconds()
        total.observe(total: data.totalRequests, at: mono)
        data.rateHistory = total.history
        for i in data.ports.indices {
            let kind = data.ports[i].kind
            perPort[kind, default: RateSampler()].observe(total: data.ports[i].stats.requests, at: mono)
            data.ports[i].requestsPerSecond = perPort[kind]?.current ?? 0
            data.ports[i].history = perPort[kind]?.history ?? []
        }
        return data
    }
}
