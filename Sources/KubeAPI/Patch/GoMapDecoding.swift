extension JSONValue {
    /// The document as Go's encoding/json decodes it into maps: of a key repeated in one object only the
    /// last value is left (kept at the key's first place), at every depth. kube-apiserver decodes merge
    /// and strategic merge patches that way, so `{"a":{"x":1},"a":{"y":2}}` patches with `{"y":2}` alone.
    public var goMapDecoded: JSONValue {
        switch self {
        case .object(let members):
            var seen: [String: Int] = [:]
            var out: [(key: String, value: JSONValue)] = []
            out.reserveCapacity(members.count)
            for (key, value) in members {
                if let i = seen[key] {
                    out[i].value = value.goMapDecoded
                } else {
                    seen[key] = out.count
                    out.append((key, value.goMapDecoded))
                }
            }
            return .object(out)
        case .array(let items):
            return .array(items.map(\.goMapDecoded))
        default:
            return self
        }
    }
}
