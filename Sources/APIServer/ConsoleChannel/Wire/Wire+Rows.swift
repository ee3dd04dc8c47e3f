import KubeAPI

// The log rows on the wire: requests and authentication failures. Times are wall-clock nanoseconds
// since the epoch; ports and reasons are their names as the console shows them.

extension RequestEvent {
    /// Written straight into the frame's bytes rather than built as a `JSONValue` first: a busy master
    /// sends 5,000 of these a second, and the tree cost ten times the writing.
    func write(into out: inout [UInt8]) {
        WireBytes.key("{\"time\":", &out)
        WireBytes.integer(time, &out)
        WireBytes.key(",\"port\":", &out)
        JSONValue.writeString(port.name, into: &out)
        WireBytes.key(",\"client\":", &out)
        JSONValue.writeString(client, into: &out)
        WireBytes.key(",\"method\":", &out)
        JSONValue.writeString(method, into: &out)
        WireBytes.key(",\"path\":", &out)
        JSONValue.writeString(path, into: &out)
        WireBytes.key(",\"status\":", &out)
        WireBytes.integer(Int64(status), &out)
        WireBytes.key(",\"latencyNanoseconds\":", &out)
        WireBytes.integer(latencyNanoseconds, &out)
        WireBytes.key(",\"bytes\":", &out)
        WireBytes.integer(Int64(bytes), &out)
        WireBytes.key(",\"user\":", &out)
        if let user { JSONValue.writeString(user, into: &out) } else { WireBytes.key("null", &out) }
        out.append(UInt8(ascii: "}"))
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
    func write(into out: inout [UInt8]) {
        WireBytes.key("{\"time\":", &out)
        WireBytes.integer(time, &out)
        WireBytes.key(",\"port\":", &out)
        JSONValue.writeString(port.name, into: &out)
        WireBytes.key(",\"client\":", &out)
        JSONValue.writeString(client, into: &out)
        WireBytes.key(",\"reason\":", &out)
        JSONValue.writeString(reason.rawValue, into: &out)
        WireBytes.key(",\"subject\":", &out)
        JSONValue.writeString(subject, into: &out)
        WireBytes.key(",\"path\":", &out)
        JSONValue.writeString(path, into: &out)
        out.append(UInt8(ascii: "}"))
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

/// Writing the wire's JSON directly into bytes, for the rows that make up most of a frame.
enum WireBytes {
    @inline(__always)
    static func key(_ text: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Decimal digits, without a String in between: formed from the right in a stack buffer, then
    /// appended in one go.
    static func integer(_ value: Int64, _ out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
