import KubeAPI

/// One line of the stream: `{"type":"hello"|"snapshot"|"delta"|"bye", ...}` and a newline.
public enum ConsoleFrame: Sendable, Equatable {
    case hello(ConsoleHello)
    case update(ConsoleUpdate)
    /// The master ends the stream, saying why (shutting down, a console too slow to keep up).
    case bye(reason: String)
    /// A frame type this version does not know (a later master's addition): readers skip it.
    case unknown(type: String)

    /// The frame as one JSON line, newline included.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        json.write(into: &out)
        out.append(10)
        return out
    }

    var json: JSONValue {
        switch self {
        case .hello(let hello):
            return .object([("type", .string("hello"))] + hello.wire)
        case .update(let update):
            return .object([
                ("type", .string(update.isSnapshot ? "snapshot" : "delta")),
                ("state", update.state.wire(update.sections)),
                ("requests", .array(update.state.recent.map(\.wire))),
                ("authFailures", .array(update.state.authFailures.map(\.wire))),
                ("skippedRequests", WireJSON.int(update.skippedRequests)),
                ("skippedAuthFailures", WireJSON.int(update.skippedAuthFailures)),
            ])
        case .bye(let reason):
            return .object([("type", .string("bye")), ("reason", .string(reason))])
        case .unknown(let type):
            return .object([("type", .string(type))])
        }
    }

    /// One line (without its newline). A frame that breaks the format is an error naming the field.
    public static func decode(_ line: [UInt8]) throws(ConsoleWireError) -> ConsoleFrame {
        let o = try WireObject.parse(line, what: "frame")
        switch try o.string("type") {
        case "hello":
            return .hello(try ConsoleHello(wire: o))
        case let type where type == "snapshot" || type == "delta":
            var (state, sections) = try ConsoleData.from(wire: try o.object("state"))
            state.recent = try o.list("requests", RequestEvent.init(wire:))
            state.authFailures = try o.list("authFailures", AuthFailureEvent.init(wire:))
            if type == "snapshot" && sections != .all {
                throw ConsoleWireError("state: a snapshot carries every section")
            }
            return .update(
                ConsoleUpdate(
                    isSnapshot: type == "snapshot", sections: sections, state: state,
                    skippedRequests: try o.int("skippedRequests"), skippedAuthFailures: try o.int("skippedAuthFailures")
                ))
        case "bye":
            return .bye(reason: try o.string("reason"))
        case let other:
            return .unknown(type: other)
        }
    }
}
