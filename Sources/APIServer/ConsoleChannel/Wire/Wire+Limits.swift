import KubeAPI

// What keeps hostile clients out, on the wire: each port's door (connections against its limits,
// refusals, accept pauses), the secure port's in-flight limits, the audit log's counts and the server's
// recent messages. Added to format 1 after its first release: a reader takes their absence (an older
// master) as "none", as the format's rules for additions say.

extension ConsoleData {
    /// The audit section: where the log goes and what became of its events, or null without one.
    var auditWire: JSONValue {
        guard let auditPath, let audit else { return .null }
        return .object([
            ("path", .string(auditPath)), ("written", WireJSON.int(audit.written)),
            ("dropped", WireJSON.int(audit.dropped)), ("failed", WireJSON.int(audit.failed)),
        ])
    }

    /// Reads the in-flight, audit and messages sections of `o` when present.
    mutating func readLimits(_ o: WireObject, into sections: inout ConsoleSections) throws(ConsoleWireError) {
        if o.has("inFlight") {
            inFlight = try o.optionalObject("inFlight").map { (r) throws(ConsoleWireError) in
                try InFlightSnapshot(wire: r)
            }
            sections.insert(.inFlight)
        }
        if o.has("audit") {
            if let a = try o.optionalObject("audit") {
                auditPath = try a.string("path")
                audit = AuditCounts(
                    written: try a.int("written"), dropped: try a.int("dropped"), failed: try a.int("failed"))
            } else {
                (auditPath, audit) = (nil, nil)
            }
            sections.insert(.audit)
        }
        if o.has("messages") {
            messages = try o.list("messages", ServerMessage.init(wire:))
            sections.insert(.messages)
        }
    }
}

extension InFlightSnapshot {
    /// The limiter's kinds by name (`InFlightLimiter.Kind`): read-only, then mutating.
    static let wireNames = ["readOnly", "mutating"]

    var wire: JSONValue {
        .object(
            Self.wireNames.indices.map { i in
                (
                    Self.wireNames[i],
                    .object([
                        ("limit", WireJSON.int(limits[i])), ("inFlight", WireJSON.int(inFlight[i])),
                        ("peak", WireJSON.int(peaks[i])), ("rejected", WireJSON.int(rejected[i])),
                    ])
                )
            })
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init()
        for (i, name) in Self.wireNames.enumerated() {
            let kind = try o.object(name)
            limits[i] = try kind.int("limit")
            inFlight[i] = try kind.int("inFlight")
            peaks[i] = try kind.int("peak")
            rejected[i] = try kind.int("rejected")
        }
    }
}

extension PortDoor {
    /// The open connections travel as the stats' `openConnections`; the rest here.
    var wire: JSONValue {
        .object([
            ("maxConnections", WireJSON.int(maxConnections)),
            ("maxConnectionsPerClient", WireJSON.int(maxConnectionsPerClient)),
            ("refusedPortFull", WireJSON.int(refusedPortFull)), ("refusedClientFull", WireJSON.int(refusedClientFull)),
            ("acceptPauses", WireJSON.int(acceptPauses)), ("acceptPaused", .bool(acceptPaused)),
        ])
    }

    init(wire o: WireObject, openConnections: Int) throws(ConsoleWireError) {
        self.init()
        self.openConnections = openConnections
        maxConnections = try o.int("maxConnections")
        maxConnectionsPerClient = try o.int("maxConnectionsPerClient")
        refusedPortFull = try o.int("refusedPortFull")
        refusedClientFull = try o.int("refusedClientFull")
        acceptPauses = try o.int("acceptPauses")
        acceptPaused = try o.bool("acceptPaused")
    }
}

extension ServerMessage {
    var wire: JSONValue { .object([("time", WireJSON.int64(time)), ("text", .string(text))]) }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(time: try o.int64("time"), text: try o.string("text"))
    }
}
