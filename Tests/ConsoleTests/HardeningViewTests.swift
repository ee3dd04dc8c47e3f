import Testing
@testable import APIServer
@testable import Console

/// What the console shows of the limits that keep hostile clients out: connections against the port's
/// limit, refusals at the door, accept pauses, the in-flight limits, the audit log, the server's messages.
@Suite("Console: limits, refusals and the audit log")
struct HardeningViewTests {
    static func data() -> ConsoleData {
        var d = Fixtures.data()
        var door = PortDoor()
        door.openConnections = 3
        door.maxConnections = 64
        door.maxConnectionsPerClient = 16
        door.refusedPortFull = 120
        door.refusedClientFull = 7
        door.acceptPauses = 4
        door.acceptPaused = true
        d.ports[1].stats.door = door
        d.ports[1].openConnections = 3
        d.connectionBudget = "file descriptors: 256; connections: 64 per port (derived), 16 per client address"
        d.inFlight = InFlightSnapshot(limits: [400, 200], inFlight: [3, 1], peaks: [17, 5], rejected: [0, 2])
        d.auditPath = "/var/log/kube-console/audit.log"
        d.audit = AuditCounts(written: 1234, dropped: 5, failed: 0)
        d.messages = [
            ServerMessage(
                time: Fixtures.now,
                text: "out of file descriptors (Too many open files): the read-only port stops accepting for 100ms")
        ]
        return d
    }

    func frame(_ view: View, _ size: (Int, Int)) -> Canvas {
        var model = ConsoleModel()
        model.view = view
        return Fixtures.render(&model, Self.data(), size.0, size.1)
    }

    @Test func portsShowLimitsRefusalsAndPauses() {
        let c = frame(.ports, (200, 50))
        #expect(c.text(3).contains("REFUSED") && c.text(3).contains("PAUSES"))
        let readOnly = c.text(5)
        #expect(readOnly.contains("accept paused"), "\(readOnly)")
        #expect(readOnly.contains("3/64"))
        #expect(readOnly.contains("127"))
        #expect(
            c.lines.contains {
                $0.contains("file descriptors: 256; connections: 64 per port (derived), 16 per client address")
            })
        #expect(c.lines.contains { $0.contains("refused with 503: read-only: 120 port full, 7 client over its cap") })
        #expect(
            c.lines.contains {
                $0.contains("audit log /var/log/kube-console/audit.log: 1234 events written, 5 dropped (queue full)")
            })
        #expect(c.lines.contains { $0.contains("out of file descriptors") })
        let stateColumn = c.text(3).distance(from: c.text(3).startIndex, to: c.text(3).range(of: "STATE")!.lowerBound)
        #expect(c.role(at: 5, stateColumn) == .warning)
        for row in 0..<50 { #expect(DisplayWidth.of(c.text(row)) <= 200) }
        let small = frame(.ports, (80, 24))
        for row in 0..<24 { #expect(DisplayWidth.of(small.text(row)) <= 80, "row \(row) overflows") }
    }

    @Test func rateLimitsShowTheInFlightLimits() {
        let c = frame(.rateLimits, (200, 50))
        #expect(
            c.text(3).hasPrefix(
                "secure port in flight: read-only 3/400 (peak 17, 429: 0) · mutating 1/200 (peak 5, 429: 2) · watches not counted"
            ))
        #expect(c.text(4).hasPrefix("read-only port buckets"))
        #expect(c.role(at: 3, 0) == .clientError)
    }
}

/// An attached console gets the same limits through the console channel: the state of
/// `HardeningViewTests`, encoded by the master's wire types and read into a console's replica, draws the
/// same Ports and Rate limits views as the embedded console's.
@Suite("Attached console: limits, refusals and the audit log over the channel")
struct HardeningOverTheChannelTests {
    static func attached() throws -> ConsoleData {
        var master = HardeningViewTests.data()
        master.rateHistory = []
        for i in master.ports.indices { master.ports[i].history = [] }
        let line = ConsoleFrame.update(ConsoleUpdate(isSnapshot: true, sections: .all, state: master)).encoded()
        var replica = ConsoleReplica()
        try replica.apply(ConsoleFrame.decode(Array(line.dropLast())))
        var data = replica.data
        // What the console computes itself (rates, history) it does over there too.
        data.rateHistory = HardeningViewTests.data().rateHistory
        for i in data.ports.indices {
            data.ports[i].history = HardeningViewTests.data().ports[i].history
            data.ports[i].requestsPerSecond = HardeningViewTests.data().ports[i].requestsPerSecond
        }
        return data
    }

    func frames(_ view: View) throws -> (embedded: Canvas, attached: Canvas) {
        var model = ConsoleModel()
        model.view = view
        var other = model
        return (
            Fixtures.render(&model, HardeningViewTests.data(), 200, 50),
            Fixtures.render(&other, try Self.attached(), 200, 50)
        )
    }

    @Test func portsShowTheSameLimitsRefusalsPausesAuditAndMessages() throws {
        let (embedded, attached) = try frames(.ports)
        #expect(attached.lines == embedded.lines)
        #expect(attached.text(5).contains("accept paused") && attached.text(5).contains("3/64"))
        #expect(
            attached.lines.contains { $0.contains("refused with 503: read-only: 120 port full, 7 client over its cap") }
        )
        #expect(
            attached.lines.contains { $0.contains("audit log /var/log/kube-console/audit.log: 1234 events written") })
        #expect(attached.lines.contains { $0.contains("file descriptors: 256") })
        #expect(attached.lines.contains { $0.contains("the read-only port stops accepting for 100ms") })
    }

    @Test func rateLimitsShowTheSameInFlightLimits() throws {
        let (embedded, attached) = try frames(.rateLimits)
        #expect(attached.lines == embedded.lines)
        #expect(attached.text(3).hasPrefix("secure port in flight: read-only 3/400 (peak 17, 429: 0) · mutating 1/200"))
    }
}
