/// An object's uid, labels and field-selector values packed into one byte array: the watch cache keeps one
/// allocation of a few dozen bytes per object for them, where a String and two dictionaries cost about
/// 450 bytes (measured with `share/bench/object-memory.sh`). Lookups scan it: an object has a handful of
/// labels and fields, and a selector asks for one or two.
///
/// Layout: the uid (tag 1 then 16 bytes for a lowercase canonical UUID, as the server makes them; tag 0,
/// length and UTF-8 otherwise), the number of labels, the label pairs, then field pairs to the end. Every
/// string is its length (LEB128) and its UTF-8.
struct PackedMetadata: Sendable {
    private let bytes: [UInt8]

    /// Fields that repeat the key's name or namespace are left out: the object's key answers for them.
    init(uid: String, labels: [String: String], fields: [String: String], key: ObjectKey) {
        let fields = fields.filter { !Self.repeatsKey($0.key, $0.value, key) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.packedSize(uid: uid, labels: labels, fields: fields))
        if let uuid = Self.uuidBytes(uid) {
            bytes.append(1)
            bytes.append(contentsOf: uuid)
        } else {
            bytes.append(0)
            Self.append(uid, to: &bytes)
        }
        Self.appendLength(labels.count, to: &bytes)
        for (key, value) in labels {
            Self.append(key, to: &bytes)
            Self.append(value, to: &bytes)
        }
        for (key, value) in fields {
            Self.append(key, to: &bytes)
            Self.append(value, to: &bytes)
        }
        self.bytes = bytes
    }

    private static func repeatsKey(_ field: String, _ value: String, _ key: ObjectKey) -> Bool {
        (field == "metadata.name" && value == key.name) || (field == "metadata.namespace" && value == key.namespace)
    }

    var uid: String {
        var reader = Reader(bytes)
        if reader.byte() == 1 { return Self.uuidString(bytes[1..<17]) }
        return reader.string()
    }

    var labels: [String: String] { pairs(labels: true) }

    var fields: [String: String] { pairs(labels: false) }

    /// The label `key`'s value; nil when the object has no such label.
    func label(_ key: String) -> String? { find(key, labels: true) }

    /// The field `name`'s value; nil when the writer supplied none.
    func field(_ name: String) -> String? { find(name, labels: false) }

    private func pairs(labels wantLabels: Bool) -> [String: String] {
        var map: [String: String] = [:]
        var reader = afterUID()
        let labelCount = reader.length()
        var index = 0
        while !reader.atEnd {
            let isLabel = index < labelCount
            index += 1
            guard isLabel == wantLabels else {
                reader.skipString()
                reader.skipString()
                continue
            }
            let key = reader.string()
            map[key] = reader.string()
        }
        return map
    }

    private func find(_ wanted: String, labels wantLabels: Bool) -> String? {
        var wanted = wanted
        return wanted.withUTF8 { wanted in
            var reader = afterUID()
            let labelCount = reader.length()
            var index = 0
            while !reader.atEnd {
                let isLabel = index < labelCount
                index += 1
                if isLabel == wantLabels {
                    if reader.consumeString(equalTo: wanted) { return reader.string() }
                } else {
                    reader.skipString()
                }
                reader.skipString()
            }
            return nil
        }
    }

    private func afterUID() -> Reader {
        var reader = Reader(bytes)
        if reader.byte() == 1 { reader.skip(16) } else { reader.skipString() }
        return reader
    }
}
