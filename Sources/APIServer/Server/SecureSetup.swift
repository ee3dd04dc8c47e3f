import HTTP

/// Why the server cannot start: a file named and what is wrong with it.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Everything the secure port needs, resolved once at startup: TLS, the authenticators, the policy, the
/// service account keys.
/// A bad certificate, token file or policy refuses startup with the file at fault.
public struct SecureSetup: Sendable {
    public let files: FirstRun
    public let tls: TLSContext
    public let tokens: TokenStore?
    public let basic: BasicAuthenticator?
    public let policy: PolicyStore
    public let servingCertificate: Certificate?
    public let clientCA: Certificate?
    public let clientCAFile: String?
    public let basicAuthFile: String?
    public let serviceAccountKeys: ServiceAccountKeys

    static func prepare(_ config: ServerConfig, publicAddress: String) throws(StartupError) -> SecureSetup {
        var files: FirstRun
        do { files = try FirstRun.prepare(config, publicAddress: publicAddress) } catch {
            throw StartupError("\(error)")
        }
        let serviceAccountKeys = try ServiceAccountKeys.prepare(config)
        files.report += serviceAccountKeys.report
        let tls: TLSContext
        do {
            tls = try TLSContext(
                certificateFile: files.certFile, privateKeyFile: files.keyFile, clientCAFile: config.clientCAFile)
        } catch {
            throw StartupError(error.message)
        }
        var tokens: TokenStore?
        if let path = files.tokenFile {
            do { tokens = try TokenStore(path: path) } catch { throw StartupError("token file refused: \(error)") }
        }
        var basic: BasicAuthenticator?
        if let path = config.basicAuthFile {
            do { basic = BasicAuthenticator(records: try BasicAuthFile.load(path: path)) } catch {
                throw StartupError("basic-auth file refused: \(error)")
            }
        }
        let policy: PolicyStore
        do { policy = try PolicyStore(mode: files.authorizationMode, path: files.policyFile) } catch {
            throw StartupError("policy refused: \(error)")
        }
        let clientCA: Certificate?
        if let path = config.clientCAFile {
            do { clientCA = try Certificate.load(path: path) } catch { throw StartupError("\(error)") }
        } else {
            clientCA = nil
        }
        return SecureSetup(
            files: files, tls: tls, tokens: tokens, basic: basic, policy: policy,
            servingCertificate: try? Certificate.load(path: files.certFile), clientCA: clientCA,
            clientCAFile: config.clientCAFile, basicAuthFile: config.basicAuthFile,
            serviceAccountKeys: serviceAccountKeys)
    }

    var credentials: CredentialSet {
        CredentialSet(basic: basic, clientCertificates: clientCAFile != nil, tokens: tokens)
    }

    /// The admin's current token, from the token file (the only place a full token is read back), if the
    /// table in force accepts it (with etcd, another master may have rotated it).
    public func adminToken() -> String? {
        guard let path = files.tokenFile, let records = try? TokenFile.load(path: path) else { return nil }
        return records.first { $0.user == "admin" && tokens?.isActive($0.secret) != false }?.secret
    }
}
