/// The little JSON writing the server needs without Foundation's encoder in the hot path.
public enum JSON {
    /// A JSON string literal for `s`, quotes included (the writer's escaping, as text).
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        JSONValue.writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
