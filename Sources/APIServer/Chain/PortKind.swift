/// The three ports of "Reaching the API" (Kubernetes, 2015). A port is a configuration of filters.
public enum PortKind: Int, Sendable, CaseIterable, Hashable {
    case localhost = 0
    case readOnly = 1
    case secure = 2

    /// The name used in logs, metrics labels and the console.
    public var name: String {
        switch self {
        case .localhost: return "localhost"
        case .readOnly: return "read-only"
        case .secure: return "secure"
        }
    }

    public init?(name: String) {
        guard let kind = PortKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// The gate in front of the routes, as an operator would describe it.
    public var gateDescription: String {
        switch self {
        case .localhost: return "none"
        case .readOnly: return "GET-only + rate limit"
        case .secure: return "TLS + authn + ABAC"
        }
    }
}
