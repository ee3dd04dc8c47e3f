/// The types whose JSON is not an object of their fields, written as their Go Marshal methods write them:
/// Time (seconds, nanos 0: metav1.Time keeps whole seconds), MicroTime (seconds, nanos), Duration
/// (nanoseconds), Quantity (its string), IntOrString (type, intVal and strVal, all three), RawExtension and
/// FieldsV1 (the JSON bytes) and ExtraValue (the strings).
extension MessageEncoder {
    func special(_ kind: SchemaSpecial, _ value: JSONValue, into w: inout ProtobufWriter) {
        switch (kind, value) {
        case (.time, .string(let text)), (.microTime, .string(let text)):
            guard let (seconds, nanos) = GoTime.parseRFC3339(text) else { return }
            // Go's zero time (year 1) is an empty message, as metav1.Time marshals it.
            guard seconds != -62_135_596_800 || nanos != 0 else { return }
            w.int(1, seconds)
            w.int(2, kind == .microTime ? Int64(nanos / 1000 * 1000) : 0)
        case (.duration, .string(let text)):
            guard let nanos = GoTime.parseDuration(text) else { return }
            w.int(1, nanos)
        case (.quantity, .string(let text)):
            w.string(1, text)
        case (.quantity, .number(let text)):
            w.string(1, text)
        case (.intOrString, .number):
            guard let n = Self.integer(value) else { return }
            w.int(1, 0)
            w.int(2, Int64(Int32(truncatingIfNeeded: n)))
            w.string(3, "")
        case (.intOrString, .string(let text)):
            w.int(1, 1)
            w.int(2, 0)
            w.string(3, text)
        case (.rawJSON, _):
            w.lengthDelimited(1, value.bytes)
        case (.stringList, .array(let items)):
            for item in items { if case .string(let s) = item { w.string(1, s) } }
        default:
            break
        }
    }
}
