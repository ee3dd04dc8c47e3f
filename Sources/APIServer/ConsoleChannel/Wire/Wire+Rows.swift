import KubeAPI

// The log rows on the wire: requests and authentication failures. Times are wall-clock nanoseconds
// since the epoch; ports and reasons are their names as the console shows them.

extension RequestEvent {
    var wire: JSONValue {
        .object([
            ("time", WireJSON.int64(time)), ("port", .string(port.name)), ("client", .string(client)),
            ("method", .string(method)),
            ("path", .string(path)), ("status", WireJSON.int(status)),
            ("latencyNanoseconds", WireJSON.int64(latencyNanoseconds)),
            ("bytes", WireJSON.int(bytes)), ("user", .string(user)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            time: try o.int64("time"), port: try o.enumeration("port", PortKind.init(name:)),
            client: try o.string("client"),
            method: try o.string("method"), path: try o.string("path"), status: try o.int("status"),
            latencyNanoseconds: try o.int64("latencyNanoseconds"), bytes: try o.int("bytes"),
            user: try o.optionalString("user"))
    }
}

extension AuthFailureEvent {
    var wire: JSONValue {
        .object([
            ("time", WireJSON.int64(time)), ("port", .string(port.name)), ("client", .string(client)),
            ("reason", .string(reason.rawValue)), ("subject", .string(subject)), ("path", .string(path)),
        ])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            time: try o.int64("time"), port: try o.enumeration("port", PortKind.init(name:)),
            client: try o.string("client"),
            reason: try o.enumeration("reason", AuthFailureReason.init(rawValue:)), subject: try o.string("subject"),
            path: try o.string("path"))
    }
}

extension AuthFailureCount {
    var wire: JSONValue {
        .object([("port", .string(port.name)), ("reason", .string(reason.rawValue)), ("count", WireJSON.int(count))])
    }

    init(wire o: WireObject) throws(ConsoleWireError) {
        self.init(
            port: try o.enumeration("port", PortKind.init(name:)),
            reason: try o.enumeration("reason", AuthFailureReason.init(rawValue:)),
            count: try o.int("count"))
    }
}
