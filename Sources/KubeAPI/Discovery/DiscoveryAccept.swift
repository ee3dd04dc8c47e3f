/// Accept-header negotiation for discovery: which representation a client asked for first.
///
/// client-go (kubectl 1.32) sends
/// `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json`
/// and kube-apiserver 1.32 serves both aggregated versions.
extension Discovery {
    public enum AggregatedVersion: String, Sendable, CaseIterable {
        case v2
        case v2beta1

        public var apiVersion: String { "apidiscovery.k8s.io/\(rawValue)" }
        public var contentType: String {
            "application/json;g=apidiscovery.k8s.io;v=\(rawValue);as=APIGroupDiscoveryList"
        }
    }

    /// True with the version to serve when the first acceptable clause (by q, then written order) is an aggregated
    /// discovery media type; false (version `.v2`, unused) when plain JSON comes first or nothing matches.
    public static func wantsAggregated(accept: String?) -> (Bool, AggregatedVersion) {
        for clause in AcceptClause.parse(accept ?? "") {
            if clause.isJSON, clause.params["g"] == "apidiscovery.k8s.io",
                clause.params["as"] == "APIGroupDiscoveryList",
                clause.onlyParams(["g", "v", "as", "profile"]),
                let version = clause.params["v"].flatMap(AggregatedVersion.init(rawValue:))
            {
                return (true, version)
            }
            if clause.isPlainJSONOrWildcard { return (false, .v2) }
        }
        return (false, .v2)
    }

    /// One media range of an Accept header: `type/subtype;key=value;...`, with its `q`.
    struct AcceptClause: Equatable {
        var type: String
        var subtype: String
        /// Parameters other than `q`, keys lower-cased, values as written.
        var params: [String: String]
        var q: Double

        var isJSON: Bool { type == "application" && subtype == "json" }
        var isWildcard: Bool { (type == "*" && subtype == "*") || (type == "application" && subtype == "*") }
        /// JSON with no conversion asked (`application/json`, maybe `;charset=...`), or a wildcard.
        var isPlainJSONOrWildcard: Bool { (isJSON || isWildcard) && onlyParams(["charset"]) }

        func onlyParams(_ allowed: Set<String>) -> Bool { params.keys.allSatisfy(allowed.contains) }

        /// Clauses with q > 0, highest q first, then fully specified before wildcards, otherwise in written order.
        static func parse(_ header: String) -> [AcceptClause] {
            var clauses: [(Int, AcceptClause)] = []
            for (index, raw) in header.split(separator: ",").enumerated() {
                let pieces = raw.split(separator: ";").map { $0.trimmingSpaces }
                guard let media = pieces.first, let slash = media.firstIndex(of: "/") else { continue }
                var clause = AcceptClause(
                    type: media[..<slash].lowercased(), subtype: media[media.index(after: slash)...].lowercased(),
                    params: [:], q: 1)
                for piece in pieces.dropFirst() {
                    guard let eq = piece.firstIndex(of: "=") else { continue }
                    let key = piece[..<eq].trimmingSpaces.lowercased()
                    let value = piece[piece.index(after: eq)...].trimmingSpaces
                    if key == "q" { clause.q = Double(value) ?? 0 } else { clause.params[key] = value }
                }
                if clause.q > 0 { clauses.append((index, clause)) }
            }
            return clauses.sorted { a, b in
                if a.1.q != b.1.q { return a.1.q > b.1.q }
                if a.1.isWildcard != b.1.isWildcard { return !a.1.isWildcard }
                return a.0 < b.0
            }.map(\.1)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
