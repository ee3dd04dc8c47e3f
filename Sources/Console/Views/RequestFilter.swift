import APIServer

/// The Requests view's narrowing: port, status class, and text (a regular expression when the text is
/// one, else a plain case-insensitive substring) matched against the whole line.
public struct RequestFilter: Sendable {
    public var port: PortKind?
    public var statusClass: Int?
    public var text: String

    public init(port: PortKind?, statusClass: Int?, text: String) {
        self.port = port
        self.statusClass = statusClass
        self.text = text
    }

    public func apply(_ events: [RequestEvent]) -> [RequestEvent] {
        if port == nil && statusClass == nil && text.isEmpty { return events }
        let needle = text.lowercased()
        let regex = text.isEmpty ? nil : (try? Regex(text))?.ignoresCase()
        return events.filter { e in
            if let port, e.port != port { return false }
            if let statusClass, e.status / 100 != statusClass { return false }
            guard !text.isEmpty else { return true }
            let line = "\(e.port.name) \(e.client) \(e.user ?? "-") \(e.method) \(e.path) \(e.status)"
            if let regex, (try? regex.firstMatch(in: line)) != nil { return true }
            return line.lowercased().contains(needle)
        }
    }
}
