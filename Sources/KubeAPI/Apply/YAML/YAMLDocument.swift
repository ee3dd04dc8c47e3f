/// An `application/apply-patch+yaml` body read as kube's apply handler reads it (sigs.k8s.io/yaml over
/// go-yaml v2, then JSON): the value of its first document, and the keys repeated in it, which only strict
/// field validation refuses. JSON bodies, as kubectl and client-go send, take the JSON reader.
public struct YAMLDocument: Sendable {
    public let value: JSONValue
    /// `line N: key "k" already set in map` for each repeated key, in order.
    public let duplicateKeys: [String]

    public static func parse(_ bytes: [UInt8]) throws(YAMLError) -> YAMLDocument {
        if let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
            first == UInt8(ascii: "{"),
            let json = try? JSONParser.parse(bytes)
        {
            // Repeated keys are rare: looked for in the value, and only then read again by the YAML reader,
            // which gives the lines go-yaml reports them at (JSON is YAML; kube's strict check reads it so).
            var duplicates: [String] = []
            if Self.repeatsKeys(json) {
                var parser = YAMLParser(bytes)
                if (try? parser.parseDocument()) != nil { duplicates = parser.duplicates }
            }
            return YAMLDocument(
                value: Self.hasFraction(json) ? Self.normalizingNumbers(json) : json, duplicateKeys: duplicates)
        }
        var parser = YAMLParser(bytes)
        let value = try parser.parseDocument()
        return YAMLDocument(value: value, duplicateKeys: parser.duplicates)
    }

    /// Whether some object in the value repeats a key.
    static func repeatsKeys(_ v: JSONValue) -> Bool {
        switch v {
        case .array(let items): return items.contains(where: repeatsKeys)
        case .object(let members): return RepeatedKeys.any(in: members) || members.contains { repeatsKeys($0.value) }
        default: return false
        }
    }

    /// Whether some number has a fraction or exponent (most documents have none, and are kept as they are).
    static func hasFraction(_ v: JSONValue) -> Bool {
        switch v {
        case .number(let n):
            return n.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        case .array(let items): return items.contains(where: hasFraction)
        case .object(let members): return members.contains { hasFraction($0.value) }
        default: return false
        }
    }

    /// Numbers as they come out of the YAML-to-JSON round trip: a float that is whole is an integer
    /// (`1.0` is `1`), others in Go's shortest form.
    static func normalizingNumbers(_ v: JSONValue) -> JSONValue {
        switch v {
        case .number(let n):
            guard n.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return v }
            guard let d = Double(n), d.isFinite else { return v }
            return .number(GoFloat.json(d))
        case .array(let items): return .array(items.map(normalizingNumbers))
        case .object(let members): return .object(members.map { ($0.key, normalizingNumbers($0.value)) })
        default: return v
        }
    }
}
