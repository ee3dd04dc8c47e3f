/// kube-apiserver's service account token flags (see ServiceAccountKeys for what they default to).
extension Flags {
    static let serviceAccounts: [FlagSpec] = [
        list(
            "service-account-key-file",
            "Service account token verification keys, PEM (repeatable); the signing key's public half is always one.",
            \.serviceAccountKeyFiles, commas: false),
        path(
            "service-account-signing-key-file",
            "Private key (PEM, ECDSA P-256) service account tokens are signed with; default: <cert-dir>/sa.key, generated.",
            \.serviceAccountSigningKeyFile),
        list(
            "service-account-issuer",
            "Service account token issuer (repeatable: the first signs, all are accepted); default \(ServiceAccountKeys.defaultIssuer).",
            \.serviceAccountIssuers, commas: false),
        list(
            "api-audiences",
            "Audiences the API accepts in service account tokens, comma-separated; default: the issuers.",
            \.apiAudiences, commas: true),
        spec(
            "service-account-max-token-expiration", .duration,
            "Longest lifetime a TokenRequest is given (0s: no limit).",
            \.serviceAccountMaxTokenExpiration, allowZero: true),
    ]

    /// A flag that may repeat, each occurrence adding to the list (and, with `commas`, each comma-separated
    /// item, as Go's stringSlice flags do).
    static func list(
        _ name: String, _ help: String, _ key: WritableKeyPath<ServerConfig, [String]> & Sendable, commas: Bool
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: .string, help: help,
            apply: { c, v throws(FlagError) in
                let items =
                    commas
                    ? v.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
                    : [v]
                guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
                    throw .invalid(flag: "--" + name, value: v, why: "must not be empty")
                }
                c[keyPath: key] += items
            }, current: { $0[keyPath: key].joined(separator: ",") })
    }
}
