/// The service account token settings, resolved once at startup: the signing key (from
/// `--service-account-signing-key-file`, else `<cert-dir>/sa.key`, made on the first run with `sa.pub` beside
/// it), the verification keys (the signing key's public half and every `--service-account-key-file`), the
/// issuers (`--service-account-issuer`, the first signs) and the API's audiences (`--api-audiences`, by
/// default the issuers, as kube-apiserver defaults them).
public struct ServiceAccountKeys: Sendable {
    /// kubeadm's issuer, the in-cluster name of the API server.
    public static let defaultIssuer = "https://kubernetes.default.svc.cluster.local"

    public let signingKey: ES256Key
    public let verificationKeys: [ES256Key]
    public let issuers: [String]
    public let apiAudiences: [String]
    /// Seconds; 0: no limit beyond TokenRequest validation.
    public let maxExpirationSeconds: Int64
    /// One line per key file made or used, for the operator.
    public let report: [String]

    static func prepare(_ config: ServerConfig) throws(StartupError) -> ServiceAccountKeys {
        var report: [String] = []
        let signing: ES256Key
        do {
            if let path = config.serviceAccountSigningKeyFile {
                signing = try ES256Key.loadPrivate(path: path)
                report.append("service account signing key \(path)")
            } else {
                let (key, line) = try generatedKey(dir: config.resolvedCertDir)
                signing = key
                report.append(line)
            }
        } catch {
            throw StartupError("service account signing key refused: \(error)")
        }
        var verification = [signing]
        for path in config.serviceAccountKeyFiles {
            let loaded: [ES256Key]
            do { loaded = try ES256Key.loadPublic(path: path) } catch {
                throw StartupError("service account key file refused: \(error)")
            }
            // The signing key is always a verification key; a file naming it again adds nothing.
            verification += loaded.filter { key in !verification.contains { $0.keyID == key.keyID } }
            report.append("service account verification keys \(path) (\(loaded.count))")
        }
        let issuers = config.serviceAccountIssuers.isEmpty ? [defaultIssuer] : config.serviceAccountIssuers
        let seconds = config.serviceAccountMaxTokenExpiration.components.seconds
        if seconds != 0 && seconds < ServiceAccountTokenIssuer.minimumExpirationSeconds {
            throw StartupError(
                "--service-account-max-token-expiration must be at least 10m (TokenRequest's minimum), or 0 for none")
        }
        return ServiceAccountKeys(
            signingKey: signing, verificationKeys: verification, issuers: issuers,
            apiAudiences: config.apiAudiences.isEmpty ? issuers : config.apiAudiences,
            maxExpirationSeconds: seconds, report: report)
    }

    /// `<dir>/sa.key` (0600) and `sa.pub`, kubeadm's names: made once, reused afterwards.
    static func generatedKey(dir: String) throws -> (ES256Key, String) {
        let keyPath = dir + "/sa.key", publicPath = dir + "/sa.pub"
        if LocalFiles.exists(keyPath) {
            return (try ES256Key.loadPrivate(path: keyPath), "service account signing key \(keyPath)")
        }
        try FirstRun.makeDirectory(dir)
        let key = try ES256Key.generate()
        try AtomicFile.write(key.privatePEM, to: keyPath, mode: 0o600)
        try AtomicFile.write(key.publicPEM, to: publicPath, mode: 0o644)
        return (key, "service account signing key \(keyPath) created (public key \(publicPath))")
    }
}
