/// The types whose JSON is not an object of their fields: Time, MicroTime, Duration, Quantity, IntOrString,
/// RawExtension/FieldsV1 (raw JSON) and ExtraValue (a list of strings).
extension MessageDecoder {
    func special(_ kind: SchemaSpecial, range: Range<Int>, depth: Int) throws(ProtobufError) -> JSONValue {
        var ints: [Int: UInt64] = [:], strings: [Int: String] = [:], list: [JSONValue] = [], raw: Range<Int>?
        var reader = ProtobufReader(buffer, range: range)
        while !reader.atEnd {
            let (number, value) = try reader.next()
            switch value {
            case .varint(let v): ints[number] = v
            case .bytes(let r):
                if kind == .rawJSON {
                    raw = r
                } else if kind == .stringList {
                    list.append(.string(String(decoding: buffer[r], as: UTF8.self)))
                } else {
                    strings[number] = String(decoding: buffer[r], as: UTF8.self)
                }
            default: break
            }
        }
        switch kind {
        case .time, .microTime:
            let seconds = Int64(bitPattern: ints[1] ?? 0), nanos = Int64(Int32(truncatingIfNeeded: ints[2] ?? 0))
            // Zero (empty message) or Go's zero time.Time (year 1) is null, as metav1.Time writes it.
            if nanos == 0 && (seconds == 0 || seconds == -62_135_596_800) { return .null }
            return .string(GoTime.rfc3339(seconds: seconds, nanos: nanos, micro: kind == .microTime))
        case .duration:
            return .string(GoTime.duration(Int64(bitPattern: ints[1] ?? 0)))
        case .quantity:
            let s = strings[1] ?? ""
            return .string(s.isEmpty ? "0" : s)
        case .intOrString:
            if ints[1] == 1 { return .string(strings[3] ?? "") }
            return .number(String(Int32(truncatingIfNeeded: ints[2] ?? 0)))
        case .stringList:
            return .array(list)
        case .rawJSON:
            guard let raw, !raw.isEmpty else { return .null }
            let bytes = Array(buffer[raw])
            if bytes.starts(with: ProtobufDecoder.magic) {
                return try ProtobufDecoder.decode(bytes, registry: registry, depth: depth)
            }
            return (try? JSONParser.parse(bytes)) ?? .null
        }
    }
}
