/// audit.k8s.io/v1 `Level`: how much of a request an event records.
public enum AuditLevel: String, Sendable, CaseIterable, Comparable {
    case none = "None"
    case metadata = "Metadata"
    case request = "Request"
    case requestResponse = "RequestResponse"

    public static func < (a: AuditLevel, b: AuditLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// What kube-console writes at this level: Metadata for everything but None. Request and
    /// RequestResponse would add bodies, which kube-console never writes (they may hold secrets).
    var written: AuditLevel { self == .none ? .none : .metadata }
}

/// audit.k8s.io/v1 `Stage`: when during a request an event was made.
public enum AuditStage: String, Sendable, CaseIterable {
    case requestReceived = "RequestReceived"
    case responseStarted = "ResponseStarted"
    case responseComplete = "ResponseComplete"
    case panic = "Panic"
}
