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
        switch self {
        case .hello(let hello):
            JSONValue.object([("type", .string("hello"))] + hello.wire).write(into: &out)
        case .update(let update):
            Self.write(update, into: &out)
        case .bye(let reason):
            JSONValue.object([("type", .string("bye")), ("reason", .string(reason))]).write(into: &out)
        case .unknown(let type):
            JSONValue.object([("type", .string(type))]).write(into: &out)
        }
        out.append(10)
        return out
    }

    /// A snapshot or delta: the state as a tree (small), the rows written straight (most of the bytes).
    private static func write(_ update: ConsoleUpdate, into out: inout [UInt8]) {
        out.reserveCapacity(1024 + 200 * (update.state.recent.count + update.state.authFailures.count))
        WireBytes.key("{\"type\":", &out)
        JSONValue.writeString(update.isSnapshot ? "snapshot" : "delta", into: &out)
        WireBytes.key(",\"state\":", &out)
        update.state.wire(update.sections).write(into: &out)
        WireBytes.key(",\"requests\":[", &out)
        for (i, row) in update.state.recent.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            row.write(into: &out)
        }
        WireBytes.key("],\"authFailures\":[", &out)
        for (i, row) in update.state.authFailures.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            row.write(into: &out)
        }
        WireBytes.key("],\"skippedRequests\":", &out)
        WireBytes.integer(Int64(update.skippedRequests), &out)
        WireBytes.key(",\"skippedAuthFailures\":", &out)
        WireBytes.integer(Int64(update.skippedAuthFailures), &out)
        out.append(UInt8(ascii: "}"))
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
