import KubeAPI

// Users (fingerprints, never tokens), certificates, the policy and reload results on the wire.

extension UserRow {
    var wire: JSONValue {
        .object([
            ("user", .string(user)), ("uid", .string(uid)), ("groups", WireJSON.strings(groups)),
            ("fingerprint", .string(fingerprint)),
            ("rotatedAt", WireJSON.int64(rotatedAt)), ("source", .string(source)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            user: try o.string("user"), uid: try o.string("uid"), groups: try o.strings("groups"),
            fingerprint: try o.string("fingerprint"),
            rotatedAt: try o.int64("rotatedAt"), source: try o.string("source"))
    }
}

extension CertificateRow {
    /// `notAfter` in seconds since the epoch.
    var wire: JSONValue { .object([("subject", .string(subject)), ("notAfter", WireJSON.int64(notAfter))]) }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(subject: try o.string("subject"), notAfter: try o.int64("notAfter"))
    }
}

extension PolicyStore.Snapshot {
    var wire: JSONValue {
        .object([
            ("mode", .string(mode.rawValue)), ("path", .string(path)), ("rules", .array(rules.map(\.wire))),
            ("loadedAt", WireJSON.int64(loadedAt)), ("lastResult", lastResult?.wire ?? .null),
            ("source", .string(source)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            mode: try o.enumeration("mode", AuthorizationMode.init(rawValue:)), path: try o.optionalString("path"),
            rules: try o.list("rules", PolicyRule.init(wire:)), loadedAt: try o.int64("loadedAt"),
            lastResult: try o.optionalObject("lastResult").map { (r) throws(ConsoleWireError) in
                try PolicyStore.ReloadResult(wire: r)
            }, source: o.has("source") ? try o.optionalString("source") : nil)
    }
}

extension PolicyRule {
    var wire: JSONValue {
        .object([
            ("line", WireJSON.int(line)), ("user", .string(user)), ("group", .string(group)),
            ("readonly", .bool(readonly)),
            ("apiGroup", .string(apiGroup)), ("namespace", .string(namespace)), ("resource", .string(resource)),
            ("nonResourcePath", .string(nonResourcePath)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            line: try o.int("line"), user: try o.string("user"), group: try o.string("group"),
            readonly: try o.bool("readonly"),
            apiGroup: try o.string("apiGroup"), namespace: try o.string("namespace"),
            resource: try o.string("resource"),
            nonResourcePath: try o.string("nonResourcePath"))
    }
}

extension PolicyStore.ReloadResult {
    /// `{"outcome":"loaded","rules":N}` or `{"outcome":"refused","message":"..."}`.
    var wire: JSONValue {
        switch self {
        case .loaded(let rules): .object([("outcome", .string("loaded")), ("rules", WireJSON.int(rules))])
        case .refused(let why): .object([("outcome", .string("refused")), ("message", .string(why))])
        }
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        switch try o.string("outcome") {
        case "loaded": self = .loaded(rules: try o.int("rules"))
        case "refused": self = .refused(try o.string("message"))
        case let other: throw ConsoleWireError("\(o.path).outcome: unknown value \(JSON.quote(other))")
        }
    }
}

extension TokenReloadResult {
    /// `{"outcome":"loaded","users":N}` or `{"outcome":"refused","message":"..."}`.
    var wire: JSONValue {
        switch self {
        case .loaded(let users): .object([("outcome", .string("loaded")), ("users", WireJSON.int(users))])
        case .refused(let why): .object([("outcome", .string("refused")), ("message", .string(why))])
        }
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        switch try o.string("outcome") {
        case "loaded": self = .loaded(users: try o.int("users"))
        case "refused": self = .refused(try o.string("message"))
        case let other: throw ConsoleWireError("\(o.path).outcome: unknown value \(JSON.quote(other))")
        }
    }
}

extension IssuedTokenLog.Entry {
    /// A service account given tokens: how many and when (wall-clock nanoseconds), never a token.
    var wire: JSONValue {
        .object([
            ("namespace", .string(namespace)), ("name", .string(name)), ("count", WireJSON.int(count)),
            ("lastIssued", WireJSON.int64(lastIssued)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            namespace: try o.string("namespace"), name: try o.string("name"), count: try o.int("count"),
            lastIssued: try o.int64("lastIssued"))
    }
}
