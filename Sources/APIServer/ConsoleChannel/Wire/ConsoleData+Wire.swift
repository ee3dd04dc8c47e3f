import KubeAPI

/// A state's sections on the wire: the `state` object of snapshot and delta frames, one member per
/// section present (absent: unchanged; null: there is none, e.g. no rate limiter).
extension ConsoleData {
    func wire(_ sections: ConsoleSections) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if sections.contains(.master) {
            members.append(
                (
                    "master",
                    .object([
                        ("version", .string(version)), ("uptimeSeconds", WireJSON.int64(uptimeSeconds)),
                        ("dataDir", .string(dataDir)),
                        ("store", .string(store)), ("policySummary", .string(policySummary)),
                        ("warnings", WireJSON.strings(warnings)),
                        ("connectionBudget", .string(connectionBudget)),
                        ("now", WireJSON.int64(now)), ("monotonicNow", WireJSON.int64(monotonicNow)),
                    ])
                ))
        }
        if sections.contains(.totals) {
            members.append(
                (
                    "totals",
                    .object([("requests", WireJSON.int(totalRequests)), ("byClass", WireJSON.ints(totalByClass))])
                ))
        }
        if sections.contains(.ports) { members.append(("ports", .array(ports.map(\.wire)))) }
        if sections.contains(.rateLimits) {
            members.append(("rateLimits", rateLimits?.wire(maxClients: ConsoleWire.maxClientBuckets) ?? .null))
        }
        if sections.contains(.authCounts) { members.append(("authCounts", .array(authCounts.map(\.wire)))) }
        if sections.contains(.users) { members.append(("users", .array(users.map(\.wire)))) }
        if sections.contains(.certificates) {
            members.append(
                (
                    "certificates",
                    .object([("clientCA", clientCA?.wire ?? .null), ("serving", servingCertificate?.wire ?? .null)])
                ))
        }
        if sections.contains(.policy) { members.append(("policy", policy?.wire ?? .null)) }
        if sections.contains(.tokenReload) { members.append(("lastTokenReload", lastTokenReload?.wire ?? .null)) }
        if sections.contains(.serviceAccountTokens) {
            members.append(("serviceAccountTokens", .array(serviceAccountTokens.map(\.wire))))
        }
        if sections.contains(.cluster) {
            members.append(
                (
                    "cluster",
                    .object([("masters", .array(masters.map(\.wire))), ("etcd", .array(etcdMembers.map(\.wire)))])
                ))
        }
        if sections.contains(.inFlight) { members.append(("inFlight", inFlight?.wire ?? .null)) }
        if sections.contains(.audit) { members.append(("audit", auditWire)) }
        if sections.contains(.messages) { members.append(("messages", .array(messages.map(\.wire)))) }
        return .object(members)
    }

    /// The sections present in `o`, read into a fresh state.
    static func from(wire o: WireObject) throws(ConsoleWireError) -> (ConsoleData, ConsoleSections) {
        var data = ConsoleData()
        var sections: ConsoleSections = []
        if o.has("master") {
            let m = try o.object("master")
            data.version = try m.string("version")
            data.uptimeSeconds = try m.int64("uptimeSeconds")
            data.dataDir = try m.string("dataDir")
            data.store = try m.string("store")
            data.policySummary = try m.string("policySummary")
            data.warnings = try m.strings("warnings")
            // Added to format 1 later: a master from before it sends none.
            if m.has("connectionBudget") { data.connectionBudget = try m.string("connectionBudget") }
            data.now = try m.int64("now")
            data.monotonicNow = try m.int64("monotonicNow")
            sections.insert(.master)
        }
        if o.has("totals") {
            let t = try o.object("totals")
            data.totalRequests = try t.int("requests")
            data.totalByClass = try t.ints("byClass")
            guard data.totalByClass.count == 5 else {
                throw ConsoleWireError("state.totals.byClass: expected 5 counts, got \(data.totalByClass.count)")
            }
            sections.insert(.totals)
        }
        if o.has("ports") {
            data.ports = try o.list("ports", PortRow.init(wire:))
            sections.insert(.ports)
        }
        if o.has("rateLimits") {
            data.rateLimits = try o.optionalObject("rateLimits").map { (r) throws(ConsoleWireError) in
                try RateLimitSnapshot(wire: r)
            }
            sections.insert(.rateLimits)
        }
        if o.has("authCounts") {
            data.authCounts = try o.list("authCounts", AuthFailureCount.init(wire:))
            sections.insert(.authCounts)
        }
        if o.has("users") {
            data.users = try o.list("users", UserRow.init(wire:))
            sections.insert(.users)
        }
        if o.has("certificates") {
            let c = try o.object("certificates")
            data.clientCA = try c.optionalObject("clientCA").map { (r) throws(ConsoleWireError) in
                try CertificateRow(wire: r)
            }
            data.servingCertificate = try c.optionalObject("serving").map { (r) throws(ConsoleWireError) in
                try CertificateRow(wire: r)
            }
            sections.insert(.certificates)
        }
        if o.has("policy") {
            data.policy = try o.optionalObject("policy").map { (r) throws(ConsoleWireError) in
                try PolicyStore.Snapshot(wire: r)
            }
            sections.insert(.policy)
        }
        if o.has("lastTokenReload") {
            data.lastTokenReload = try o.optionalObject("lastTokenReload").map { (r) throws(ConsoleWireError) in
                try TokenReloadResult(wire: r)
            }
            sections.insert(.tokenReload)
        }
        if o.has("serviceAccountTokens") {
            data.serviceAccountTokens = try o.list("serviceAccountTokens", IssuedTokenLog.Entry.init(wire:))
            sections.insert(.serviceAccountTokens)
        }
        if o.has("cluster") {
            let c = try o.object("cluster")
            data.masters = try c.list("masters", MasterRow.init(wire:))
            data.etcdMembers = try c.list("etcd", EtcdMemberRow.init(wire:))
            sections.insert(.cluster)
        }
        try data.readLimits(o, into: &sections)
        return (data, sections)
    }
}
