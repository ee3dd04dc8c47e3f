import KubeAPI

// Ports, their counters and latency histograms, and the read-only port's rate-limit buckets on the wire.

extension PortRow {
    /// The console-side fields (rates, history) stay behind: the console computes them.
    var wire: JSONValue {
        .object([
            ("port", .string(kind.name)), ("address", .string(address)), ("scheme", .string(scheme)),
            ("gate", .string(gate)),
            ("state", .string(state)), ("warning", .bool(isWarning)),
            ("openConnections", WireJSON.int(openConnections)),
            ("stats", stats.wire),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            kind: try o.enumeration("port", PortKind.init(name:)), address: try o.string("address"),
            scheme: try o.string("scheme"),
            gate: try o.string("gate"), state: try o.string("state"), isWarning: try o.bool("warning"),
            openConnections: try o.int("openConnections"), requestsPerSecond: 0,
            stats: try PortStats(wire: try o.object("stats")),
            history: [])
    }
}

extension PortStats {
    var wire: JSONValue {
        .object([
            ("requests", WireJSON.int(requests)), ("byClass", WireJSON.ints(byClass)),
            ("unauthorized", WireJSON.int(unauthorized)),
            ("forbidden", WireJSON.int(forbidden)), ("tooManyRequests", WireJSON.int(tooManyRequests)),
            ("openConnections", WireJSON.int(openConnections)), ("door", door.wire), ("latency", latency.wire),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init()
        requests = try o.int("requests")
        byClass = try o.ints("byClass")
        guard byClass.count == 5 else {
            throw ConsoleWireError("\(o.path).byClass: expected 5 counts (1xx to 5xx), got \(byClass.count)")
        }
        unauthorized = try o.int("unauthorized")
        forbidden = try o.int("forbidden")
        tooManyRequests = try o.int("tooManyRequests")
        let open = try o.int("openConnections")
        // `door` came later in format 1: from an older master, the open connections alone.
        door = try o.has("door") ? PortDoor(wire: try o.object("door"), openConnections: open) : PortDoor()
        door.openConnections = open
        latency = try LatencyHistogram(wire: try o.object("latency"))
    }
}

extension LatencyHistogram {
    /// Bounds in seconds (fixed; sent so a reader need not know them), a count per bucket and +Inf.
    var wire: JSONValue {
        .object([
            ("boundsSeconds", .array(Self.bounds.map(WireJSON.double))), ("counts", WireJSON.ints(counts)),
            ("sumNanoseconds", WireJSON.int64(sumNanoseconds)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        let counts = try o.ints("counts")
        guard let histogram = LatencyHistogram(counts: counts, sumNanoseconds: try o.int64("sumNanoseconds")) else {
            throw ConsoleWireError(
                "\(o.path).counts: expected \(Self.bounds.count + 1) counts of at least 0, got \(counts.count)")
        }
        self = histogram
    }
}

extension RateLimitSnapshot {
    /// The global bucket and the first `maxClients` client buckets (most rejected first).
    func wire(maxClients: Int) -> JSONValue {
        .object([
            ("global", global.wire), ("clients", .array(clients.prefix(maxClients).map(\.wire))),
            ("clientsOmitted", WireJSON.int(max(0, clients.count - maxClients))),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            global: try BucketSnapshot(wire: try o.object("global")),
            clients: try o.list("clients", BucketSnapshot.init(wire:)))
    }
}

extension BucketSnapshot {
    /// `lastSeen` is on the master's monotonic clock: compare it with the frame's `monotonicNow`.
    var wire: JSONValue {
        .object([
            ("key", .string(key)), ("tokens", WireJSON.double(tokens)), ("burst", WireJSON.double(burst)),
            ("rate", WireJSON.double(rate)), ("allowed", WireJSON.int(allowed)), ("rejected", WireJSON.int(rejected)),
            ("lastSeen", WireJSON.int64(lastSeen)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            key: try o.string("key"), tokens: try o.double("tokens"), burst: try o.double("burst"),
            rate: try o.double("rate"),
            allowed: try o.int("allowed"), rejected: try o.int("rejected"), lastSeen: try o.int64("lastSeen"))
    }
}
