/// The parts of `ConsoleData` a frame carries. A snapshot carries all; a delta the small ones every time
/// and the others (users, certificates, policy, token reload) only when they changed.
public struct ConsoleSections: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Version, uptime, data directory, store, policy summary, warnings, the master's clocks.
    public static let master = ConsoleSections(rawValue: 1 << 0)
    /// Requests in total and by status class.
    public static let totals = ConsoleSections(rawValue: 1 << 1)
    public static let ports = ConsoleSections(rawValue: 1 << 2)
    public static let rateLimits = ConsoleSections(rawValue: 1 << 3)
    public static let authCounts = ConsoleSections(rawValue: 1 << 4)
    public static let users = ConsoleSections(rawValue: 1 << 5)
    /// The client CA and the serving certificate.
    public static let certificates = ConsoleSections(rawValue: 1 << 6)
    public static let policy = ConsoleSections(rawValue: 1 << 7)
    public static let tokenReload = ConsoleSections(rawValue: 1 << 8)
    /// The service accounts given tokens (counts and times, never tokens).
    public static let serviceAccountTokens = ConsoleSections(rawValue: 1 << 9)
    /// With etcd: the live masters and the etcd members.
    public static let cluster = ConsoleSections(rawValue: 1 << 10)
    /// The secure port's in-flight limits (in flight, peak, 429s).
    public static let inFlight = ConsoleSections(rawValue: 1 << 11)
    /// The audit log's path and what became of its events.
    public static let audit = ConsoleSections(rawValue: 1 << 12)
    /// What the server said to its operator lately (descriptor shortages, an audit log falling behind).
    public static let messages = ConsoleSections(rawValue: 1 << 13)

    /// In every delta: small, and moving with every request.
    public static let always: ConsoleSections = [.master, .totals, .ports, .rateLimits, .authCounts, .inFlight, .audit]
    public static let all: ConsoleSections = [
        .always, .users, .certificates, .policy, .tokenReload, .serviceAccountTokens, .cluster, .messages,
    ]

    /// The sections that differ between two states (the ones in `always` included regardless).
    public static func changed(from old: ConsoleData, to new: ConsoleData) -> ConsoleSections {
        var sections = ConsoleSections.always
        if old.users != new.users { sections.insert(.users) }
        if old.clientCA != new.clientCA || old.servingCertificate != new.servingCertificate {
            sections.insert(.certificates)
        }
        if old.policy != new.policy { sections.insert(.policy) }
        if old.lastTokenReload != new.lastTokenReload { sections.insert(.tokenReload) }
        if old.serviceAccountTokens != new.serviceAccountTokens { sections.insert(.serviceAccountTokens) }
        if old.masters != new.masters || old.etcdMembers != new.etcdMembers { sections.insert(.cluster) }
        if old.messages != new.messages { sections.insert(.messages) }
        return sections
    }
}

extension ConsoleData {
    /// Takes `sections` from `other`, leaving the rest (and the logs) as they are.
    public mutating func copy(_ sections: ConsoleSections, from other: ConsoleData) {
        if sections.contains(.master) {
            version = other.version
            uptimeSeconds = other.uptimeSeconds
            dataDir = other.dataDir
            store = other.store
            policySummary = other.policySummary
            warnings = other.warnings
            connectionBudget = other.connectionBudget
            now = other.now
            monotonicNow = other.monotonicNow
        }
        if sections.contains(.totals) {
            totalRequests = other.totalRequests
            totalByClass = other.totalByClass
        }
        if sections.contains(.ports) { ports = other.ports }
        if sections.contains(.rateLimits) { rateLimits = other.rateLimits }
        if sections.contains(.authCounts) { authCounts = other.authCounts }
        if sections.contains(.users) { users = other.users }
        if sections.contains(.certificates) {
            clientCA = other.clientCA
            servingCertificate = other.servingCertificate
        }
        if sections.contains(.policy) { policy = other.policy }
        if sections.contains(.tokenReload) { lastTokenReload = other.lastTokenReload }
        if sections.contains(.serviceAccountTokens) { serviceAccountTokens = other.serviceAccountTokens }
        if sections.contains(.cluster) {
            masters = other.masters
            etcdMembers = other.etcdMembers
        }
        if sections.contains(.inFlight) { inFlight = other.inFlight }
        if sections.contains(.audit) {
            auditPath = other.auditPath
            audit = other.audit
        }
        if sections.contains(.messages) { messages = other.messages }
    }
}
