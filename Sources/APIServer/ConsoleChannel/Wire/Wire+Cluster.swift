import KubeAPI

// The masters on the same etcd and the etcd members, on the wire (the `cluster` section).

extension MasterRow {
    var wire: JSONValue {
        .object([
            ("name", .string(name)), ("host", .string(host)), ("dataDir", .string(dataDir)), ("pid", WireJSON.int(pid)),
            ("version", .string(version)), ("startedAt", WireJSON.int64(startedAt)),
            ("ports", .array(ports.map { .object([("name", .string($0.name)), ("url", .string($0.url))]) })),
            ("consoleSocket", .string(consoleSocket)), ("self", .bool(isSelf)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            name: try o.string("name"), host: try o.string("host"), dataDir: try o.string("dataDir"),
            pid: try o.int("pid"),
            version: try o.string("version"), startedAt: try o.int64("startedAt"),
            ports: try o.list("ports") { (p) throws(ConsoleWireError) in (try p.string("name"), try p.string("url")) },
            consoleSocket: o.has("consoleSocket") ? try o.string("consoleSocket") : "", isSelf: try o.bool("self"))
    }
}

extension EtcdMemberRow {
    var wire: JSONValue {
        .object([
            ("url", .string(url)), ("reachable", .bool(reachable)), ("leader", .bool(isLeader)),
            ("version", .string(version)),
            ("revision", WireJSON.int64(revision)), ("dbSize", WireJSON.int64(dbSize)),
            ("lastError", .string(lastError)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            url: try o.string("url"), reachable: try o.bool("reachable"), isLeader: try o.bool("leader"),
            version: try o.string("version"), revision: try o.int64("revision"), dbSize: try o.int64("dbSize"),
            lastError: try o.optionalString("lastError"))
    }
}
