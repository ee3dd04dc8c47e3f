/// printEvent (wide): LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME.
enum EventTableRow {
    typealias F = TableFields

    static func cells(_ event: JSONValue, now: Int64) -> [JSONValue] {
        let firstTime = TableTime.parse(F.present(event, "firstTimestamp"))
        let first =
            firstTime != nil
            ? TableDuration.since(firstTime, now: now)
            : TableDuration.since(TableTime.parse(F.present(event, "eventTime")), now: now)
        let lastTime = TableTime.parse(F.present(event, "lastTimestamp"))
        var last = lastTime != nil ? TableDuration.since(lastTime, now: now) : first
        var count = F.int(event, "count")
        if let series = F.present(event, "series") {
            last = TableDuration.since(TableTime.parse(F.present(series, "lastObservedTime")), now: now)
            count = F.int(series, "count")
        } else if count == 0 {
            count = 1  // singleton events have no count in the new API
        }
        let kind = F.string(event, "involvedObject", "kind").lowercased()
        let objectName = F.string(event, "involvedObject", "name")
        return [
            .string(last), .string(F.string(event, "type")), .string(F.string(event, "reason")),
            .string(objectName.isEmpty ? kind : "\(kind)/\(objectName)"),
            .string(F.string(event, "involvedObject", "fieldPath")),
            .string(source(event)), .string(trimmed(F.string(event, "message"))), .string(first), .int(count),
            .string(F.name(event)),
        ]
    }

    /// `formatEventSource`: component (or reportingComponent), then `, host` (or reportingInstance) when set.
    static func source(_ event: JSONValue) -> String {
        let component =
            F.string(event, "source", "component").isEmpty
            ? F.string(event, "reportingComponent") : F.string(event, "source", "component")
        let host =
            F.string(event, "source", "host").isEmpty
            ? F.string(event, "reportingInstance") : F.string(event, "source", "host")
        return host.isEmpty ? component : "\(component), \(host)"
    }

    /// `strings.TrimSpace`.
    static func trimmed(_ s: String) -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        return String(s.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
