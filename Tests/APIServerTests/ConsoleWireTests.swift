import Testing
@testable import APIServer
@testable import KubeAPI

/// The console channel's wire format: every frame, operation and result encodes and decodes back to
/// itself, and what breaks the format is refused with the field at fault.
@Suite("Console wire format")
struct ConsoleWireTests {
    static let hello = ConsoleHello(
        pid: 4242, host: "master-1", dataDir: "/var/lib/kube-console", version: "v1.32.0+kube-console.0.1.0",
        startedAt: 1_796_000_000_123_456_789, channel: "remote", peer: "admin", mayWrite: true)

    static func request(_ n: Int, user: String? = "admin") -> RequestEvent {
        RequestEvent(
            time: 1_796_000_000_000_000_000 + Int64(n), port: .secure, client: "10.0.0.\(n)", method: "GET",
            path: "/api/v1/pods?x=\"é\"",
            status: 200 + n, latencyNanoseconds: 1234, bytes: 99, user: user)
    }

    static let failure = AuthFailureEvent(
        time: 5, port: .secure, client: "10.1.1.1", reason: .revokedToken, subject: "viewer (ab12cd34)",
        path: "/version")

    /// A state with every section filled, each field unlike its default.
    static var fullState: ConsoleData {
        var data = ConsoleData()
        data.version = "v1.32.0+kube-console.0.1.0"
        data.uptimeSeconds = 3600
        data.dataDir = "/var/lib/kube-console"
        data.store = "sqlite /var/lib/kube-console/store (rev 7)"
        data.policySummary = "/var/lib/kube-console/policy.jsonl (2 rules)"
        data.warnings = ["WARNING: something"]
        data.now = 1_796_000_000_000_000_000
        data.monotonicNow = 987_654_321
        data.totalRequests = 12
        data.totalByClass = [0, 10, 0, 1, 1]
        var stats = PortStats()
        stats.add(code: 200, count: 10)
        stats.add(code: 401, count: 1)
        stats.add(code: 503, count: 1)
        stats.door = PortDoor()
        stats.door.openConnections = 3
        stats.door.maxConnections = 64
        stats.door.maxConnectionsPerClient = 16
        stats.door.refusedPortFull = 120
        stats.door.refusedClientFull = 7
        stats.door.acceptPauses = 4
        stats.door.acceptPaused = true
        stats.latency.record(150_000)
        stats.latency.record(2_000_000_000)
        data.ports = [
            PortRow(
                kind: .secure, address: "10.0.0.1:6443", scheme: "https", gate: "TLS + authn + ABAC",
                state: "listening",
                isWarning: true, openConnections: 3, requestsPerSecond: 0, stats: stats, history: [])
        ]
        let bucket = BucketSnapshot(
            key: "10.0.0.9", tokens: 3.5, burst: 20, rate: 0.25, allowed: 7, rejected: 2, lastSeen: 123_456)
        data.rateLimits = RateLimitSnapshot(
            global: BucketSnapshot(
                key: "global", tokens: 199.5, burst: 200, rate: 10, allowed: 9, rejected: 0,
                lastSeen: 5), clients: [bucket])
        data.authCounts = [AuthFailureCount(port: .secure, reason: .revokedToken, count: 4)]
        data.users = [
            UserRow(
                user: "admin", uid: "admin", groups: ["system:masters"], fingerprint: "ab12cd34", rotatedAt: 77,
                source: "token")
        ]
        data.clientCA = CertificateRow(subject: "CN=ca", notAfter: 1_900_000_000)
        data.servingCertificate = CertificateRow(subject: "CN=kube-console", notAfter: 1_800_000_000)
        data.policy = PolicyStore.Snapshot(
            mode: .abac, path: "/p.jsonl",
            rules: [
                PolicyRule(
                    line: 3, group: "system:masters", readonly: false, apiGroup: "*", namespace: "*",
                    resource: "*", nonResourcePath: "*"),
                PolicyRule(line: 5, user: "viewer", readonly: true, nonResourcePath: "/debug/console/*"),
            ],
            loadedAt: 55, lastResult: .refused("/p.jsonl:9: invalid JSON"), source: "host-1:/p.jsonl")
        data.lastTokenReload = .loaded(users: 4)
        data.masters = [
            MasterRow(
                name: "apiserver-abc", host: "host-1", dataDir: "/d", pid: 42, version: "v1", startedAt: 9,
                ports: [("secure", "https://10.0.0.1:6443")], consoleSocket: "/d/console.sock", isSelf: true)
        ]
        data.etcdMembers = [
            EtcdMemberRow(
                url: "http://e:2379", reachable: true, isLeader: true, version: "3.4.23", revision: 8, dbSize: 20480,
                lastError: nil),
            EtcdMemberRow(
                url: "http://f:2379", reachable: false, isLeader: false, version: "", revision: 0, dbSize: 0,
                lastError: "refused"),
        ]
        data.serviceAccountTokens = [
            IssuedTokenLog.Entry(namespace: "ci", name: "builder", count: 2, lastIssued: 1_796_000_000_000_000_000)
        ]
        data.connectionBudget = "file descriptors: 256; connections: 64 per port (derived), 16 per client address"
        data.inFlight = InFlightSnapshot(limits: [400, 200], inFlight: [3, 1], peaks: [17, 5], rejected: [0, 2])
        data.auditPath = "/var/log/kube-console/audit.log"
        data.audit = AuditCounts(written: 1234, dropped: 5, failed: 1)
        data.messages = [ServerMessage(time: 1_796_000_000_000_000_001, text: "out of file descriptors: \"é\"")]
        data.recent = [request(1), request(2, user: nil)]
        data.authFailures = [failure]
        return data
    }

    func roundTrip(_ frame: ConsoleFrame) throws -> ConsoleFrame {
        let bytes = frame.encoded()
        #expect(bytes.last == 10)
        #expect(bytes.dropLast().allSatisfy { $0 != 10 })  // one line: newlines inside strings are escaped
        return try ConsoleFrame.decode(Array(bytes.dropLast()))
    }

    @Test func helloRoundTrips() throws {
        #expect(try roundTrip(.hello(Self.hello)) == .hello(Self.hello))
        let text = String(decoding: ConsoleFrame.hello(Self.hello).encoded(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"hello","format":1,"master":{"pid":4242,"host":"master-1""#))
    }

    @Test func aSnapshotCarriesEverySectionAndTheRows() throws {
        let update = ConsoleUpdate(isSnapshot: true, sections: .all, state: Self.fullState)
        #expect(try roundTrip(.update(update)) == .update(update))
    }

    @Test func theLimitsTravelInTheirSections() throws {
        let update = ConsoleUpdate(isSnapshot: true, sections: .all, state: Self.fullState)
        let text = String(decoding: ConsoleFrame.update(update).encoded(), as: UTF8.self)
        #expect(
            text.contains(
                #""door":{"maxConnections":64,"maxConnectionsPerClient":16,"refusedPortFull":120,"refusedClientFull":7,"acceptPauses":4,"acceptPaused":true}"#
            ))
        #expect(
            text.contains(
                #""inFlight":{"readOnly":{"limit":400,"inFlight":3,"peak":17,"rejected":0},"mutating":{"limit":200,"inFlight":1,"peak":5,"rejected":2}}"#
            ))
        #expect(
            text.contains(#""audit":{"path":"/var/log/kube-console/audit.log","written":1234,"dropped":5,"failed":1}"#))
        #expect(text.contains(#""connectionBudget":"file descriptors: 256; "#))
        #expect(text.contains(#""messages":[{"time":1796000000000000001,"text":"out of file descriptors: \"é\""}]"#))
        // No secure port, no audit log: null, which replaces what a console had.
        var bare = ConsoleData()
        bare.copy(.always, from: Self.fullState)
        (bare.inFlight, bare.audit, bare.auditPath) = (nil, nil, nil)
        let delta = ConsoleUpdate(isSnapshot: false, sections: .always, state: bare)
        let deltaText = String(decoding: ConsoleFrame.update(delta).encoded(), as: UTF8.self)
        #expect(deltaText.contains(#""inFlight":null"#) && deltaText.contains(#""audit":null"#))
        #expect(!deltaText.contains(#""messages""#))  // only when they changed
        #expect(try roundTrip(.update(delta)) == .update(delta))
    }

    /// A master from before the limits were added sends none of their members: the console reads the
    /// frame, with no limits, rather than refusing it.
    @Test func aFrameFromAnOlderMasterReadsWithoutTheLimits() throws {
        let counts = [String](repeating: "0", count: LatencyHistogram.bounds.count + 1).joined(separator: ",")
        let old =
            #"{"type":"delta","state":{"master":{"version":"v","uptimeSeconds":1,"dataDir":"/d","store":"s","policySummary":"p","warnings":[],"now":1,"monotonicNow":2},"ports":[{"port":"secure","address":"a","scheme":"https","gate":"g","state":"listening","warning":false,"openConnections":2,"stats":{"requests":0,"byClass":[0,0,0,0,0],"unauthorized":0,"forbidden":0,"tooManyRequests":0,"openConnections":2,"latency":{"boundsSeconds":[],"counts":[\#(counts)],"sumNanoseconds":0}}}]},"requests":[],"authFailures":[],"skippedRequests":0,"skippedAuthFailures":0}"#
        guard case .update(let update) = try ConsoleFrame.decode(Array(old.utf8)) else {
            Issue.record("not an update")
            return
        }
        #expect(update.sections == [.master, .ports])
        #expect(update.state.connectionBudget == "")
        #expect(update.state.ports[0].stats.door.openConnections == 2)
        #expect(update.state.ports[0].stats.door.maxConnections == 0)
        #expect(update.state.inFlight == nil && update.state.audit == nil && update.state.messages.isEmpty)
    }

    @Test func aDeltaCarriesOnlyItsSectionsAndNullMeansNone() throws {
        var state = ConsoleData()
        state.copy(.always, from: Self.fullState)
        state.rateLimits = nil  // the read-only port is off: null on the wire, not absent
        state.recent = [Self.request(3)]
        let update = ConsoleUpdate(
            isSnapshot: false, sections: .always.union(.policy), state: state, skippedRequests: 17,
            skippedAuthFailures: 2)
        let decoded = try roundTrip(.update(update))
        #expect(decoded == .update(update))
        let text = String(decoding: ConsoleFrame.update(update).encoded(), as: UTF8.self)
        #expect(text.contains(#""rateLimits":null"#))
        #expect(text.contains(#""policy":null"#))
        #expect(!text.contains(#""users""#))
        #expect(text.contains(#""skippedRequests":17"#))
    }

    @Test(arguments: [Int64(0), 7, -7, 1_796_000_000_123_456_789, .max, .min])
    func integersAreWrittenAsJSONNumbers(_ value: Int64) {
        var out: [UInt8] = []
        WireBytes.integer(value, &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    @Test func byeAndUnknownFrames() throws {
        #expect(
            try roundTrip(.bye(reason: "too slow: 2000000 bytes not read"))
                == .bye(reason: "too slow: 2000000 bytes not read"))
        // A frame type from a later master is skipped, not an error.
        #expect(try ConsoleFrame.decode(Array(#"{"type":"masters","list":[]}"#.utf8)) == .unknown(type: "masters"))
    }

    @Test func unknownFieldsAreIgnored() throws {
        let line = #"{"type":"bye","reason":"shutting down","since":"v2"}"#
        #expect(try ConsoleFrame.decode(Array(line.utf8)) == .bye(reason: "shutting down"))
    }

    @Test(arguments: [
        (#"{"reason":"x"}"#, "type: missing"),
        (#"{"type":"bye"}"#, "reason: missing"),
        (#"{"type":"bye","reason":3}"#, "reason: expected a string, got a number"),
        (#"[1]"#, "frame: expected an object, got an array"),
        (
            #"{"type":"delta","state":{"ports":[{"port":"sideways"}]},"requests":[],"authFailures":[],"skippedRequests":0,"skippedAuthFailures":0}"#,
            #"state.ports[0].port: unknown value "sideways""#
        ),
        (
            #"{"type":"delta","state":{},"requests":[{"time":"soon"}],"authFailures":[],"skippedRequests":0,"skippedAuthFailures":0}"#,
            "requests[0].time: expected an integer, got a string"
        ),
        (
            #"{"type":"snapshot","state":{},"requests":[],"authFailures":[],"skippedRequests":0,"skippedAuthFailures":0}"#,
            "state: a snapshot carries every section"
        ),
        (#"{"type":"bye""#, "frame: invalid JSON"),
    ])
    func brokenFramesNameTheFieldAtFault(line: String, message: String) {
        #expect { try ConsoleFrame.decode(Array(line.utf8)) } throws: { error in
            (error as? ConsoleWireError)?.description.hasPrefix(message) == true
        }
    }

    @Test func theReplicaFollowsASnapshotAndItsDeltas() throws {
        var replica = ConsoleReplica(maxRequests: 3)
        try replica.apply(.hello(Self.hello))
        // A delta before any snapshot cannot be placed: it is dropped.
        replica.apply(ConsoleUpdate(isSnapshot: false, sections: .always, state: Self.fullState))
        #expect(!replica.hasSnapshot && replica.data.recent.isEmpty)
        try replica.apply(.update(ConsoleUpdate(isSnapshot: true, sections: .all, state: Self.fullState)))
        #expect(replica.data == Self.fullState)
        var delta = ConsoleData()
        delta.copy(.always, from: Self.fullState)
        delta.totalRequests = 14
        delta.recent = [Self.request(3), Self.request(4)]
        replica.apply(ConsoleUpdate(isSnapshot: false, sections: .always, state: delta, skippedRequests: 5))
        #expect(replica.data.totalRequests == 14)
        #expect(replica.data.recent.map(\.status) == [202, 203, 204])  // the newest three kept
        #expect(replica.data.users == Self.fullState.users)  // not in the delta: unchanged
        #expect(replica.data.policy == Self.fullState.policy)
        #expect(replica.data.skippedRequests == 5)
        // A master of another format is refused.
        var other = Self.hello
        other.format = 2
        #expect(throws: ConsoleWireError.self) { try replica.apply(.hello(other)) }
    }

    @Test func deltasCarryTheSectionsThatChanged() {
        var new = Self.fullState
        #expect(ConsoleSections.changed(from: Self.fullState, to: new) == .always)
        new.users[0].fingerprint = "ffff0000"
        new.lastTokenReload = .refused("tokens.csv:2: bad")
        #expect(
            ConsoleSections.changed(from: Self.fullState, to: new)
                == ConsoleSections.always.union([.users, .tokenReload]))
        new.serviceAccountTokens[0].count = 3
        #expect(ConsoleSections.changed(from: Self.fullState, to: new).contains(.serviceAccountTokens))
        #expect(!ConsoleSections.changed(from: Self.fullState, to: new).contains(.messages))
        new.messages.append(ServerMessage(time: 9, text: "audit log: 10 events dropped"))
        #expect(ConsoleSections.changed(from: Self.fullState, to: new).contains(.messages))
        #expect(!ConsoleSections.changed(from: Self.fullState, to: new).contains(.cluster))
        new.etcdMembers[0].revision = 9
        #expect(ConsoleSections.changed(from: Self.fullState, to: new).contains(.cluster))
    }

    @Test(arguments: [
        ConsoleOperation.rotateToken(user: "viewer"), .rotateAllTokens, .reloadTokens, .reloadPolicy, .stop,
    ])
    func operationsRoundTrip(_ operation: ConsoleOperation) throws {
        #expect(operation.path.hasPrefix("/debug/console/v1/"))
        #expect(ConsoleOperation.isOperationPath(operation.path[...]))
        #expect(try ConsoleOperation.parse(path: operation.path[...], body: operation.body) == operation)
    }

    @Test func operationBodiesAreChecked() throws {
        let rotate = ConsoleOperation.rotateToken(user: "x").path[...]
        #expect(try ConsoleOperation.parse(path: "/debug/console/v1/nope", body: []) == nil)
        #expect(throws: ConsoleWireError("user: missing")) {
            try ConsoleOperation.parse(path: rotate, body: Array("{}".utf8))
        }
        #expect(throws: ConsoleWireError("user: must not be empty")) {
            try ConsoleOperation.parse(path: rotate, body: Array(#"{"user":""}"#.utf8))
        }
        #expect(throws: ConsoleWireError.self) {
            try ConsoleOperation.parse(path: ConsoleOperation.stop.path[...], body: Array("nope".utf8))
        }
        #expect(try ConsoleOperation.parse(path: ConsoleOperation.stop.path[...], body: []) == .stop)
    }

    @Test func resultsRoundTrip() throws {
        let done = ConsoleOperationResult(
            operation: "rotate-all-tokens", outcome: .done, message: "rotated 2 tokens",
            tokens: ["viewer": "0ddba11", "admin": "feedc0de"])
        #expect(try ConsoleOperationResult.decode(done.bytes) == done)
        #expect(
            String(decoding: done.bytes, as: UTF8.self).contains(#""tokens":{"admin":"feedc0de","viewer":"0ddba11"}"#))
        let refused = ConsoleOperationResult(
            operation: "reload-policy", outcome: .refused, message: "policy.jsonl:3: bad", count: nil)
        #expect(try ConsoleOperationResult.decode(refused.bytes) == refused)
        let loaded = ConsoleOperationResult(
            operation: "reload-tokens", outcome: .done, message: "tokens reloaded: 4 users", count: 4)
        #expect(try ConsoleOperationResult.decode(loaded.bytes) == loaded)
        #expect(throws: ConsoleWireError.self) { try ConsoleOperationResult.decode(Array(#"{"kind":"Status"}"#.utf8)) }
    }
}
