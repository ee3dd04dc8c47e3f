/// The seven views, in key order.
public enum View: Int, CaseIterable, Sendable {
    case ports = 1, requests, rateLimits, authFailures, credentials, policy, masters

    public var title: String {
        switch self {
        case .ports: return "Ports"
        case .requests: return "Requests"
        case .rateLimits: return "Rate limits"
        case .authFailures: return "Auth failures"
        case .credentials: return "Credentials"
        case .policy: return "Policy"
        case .masters: return "Masters"
        }
    }

    /// The digit key that shows it.
    public var key: Key { .char(Character(String(rawValue))) }

    /// The next view (Tab), wrapping from the last to the first.
    public var next: View { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }

    /// The previous view (Shift-Tab), wrapping from the first to the last.
    public var previous: View {
        Self.allCases[(Self.allCases.firstIndex(of: self)! + Self.allCases.count - 1) % Self.allCases.count]
    }
}
