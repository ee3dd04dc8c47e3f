/// An object's repeated keys, which Go's decoding collapses to one member with the last value. Objects
/// almost never repeat a key, so the walkers check once and take the plain path.
enum RepeatedKeys {
    /// Up to this many members, scanning beats hashing.
    static let scanLimit = 16

    static func any(in members: [(key: String, value: JSONValue)]) -> Bool {
        if members.count <= scanLimit {
            for i in members.indices.dropFirst() where members[..<i].contains(where: { $0.key == members[i].key }) {
                return true
            }
            return false
        }
        return Set(members.map(\.key)).count < members.count
    }

    /// Each key once, where it first appears, with its last value.
    static func collapsed(_ members: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        var position: [String: Int] = [:]
        var out: [(key: String, value: JSONValue)] = []
        for m in members {
            if let i = position[m.key] {
                out[i].value = m.value
            } else {
                position[m.key] = out.count
                out.append(m)
            }
        }
        return out
    }

    /// The position of each key (its first).
    static func index(_ members: [(key: String, value: JSONValue)]) -> [String: Int] {
        Dictionary(members.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }
}
