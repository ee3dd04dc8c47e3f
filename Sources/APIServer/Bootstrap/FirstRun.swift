import Glibc
import HTTP
import KubeAPI

/// First-run credentials: with no certificate, token file or policy given, make them in the data
/// directory (a CA and serving certificate, an admin/kubelet/kube-proxy/viewer token file, the default
/// ABAC policy) and reuse them on every later start; and keep `admin.kubeconfig` pointing at the secure
/// port with the admin's current token, so `kubectl --kubeconfig <data-dir>/admin.kubeconfig` works at once.
public struct FirstRun: Sendable {
    /// Validity of generated certificates.
    public static let caDays = 3650
    public static let servingDays = 365
    /// The users a generated token file holds: name, uid, groups.
    public static let defaultUsers: [(String, String, [String])] = [
        ("admin", "admin", ["system:masters"]),
        ("kubelet", "kubelet", ["system:nodes"]),
        ("kube-proxy", "kube-proxy", []),
        ("viewer", "viewer", []),
    ]

    public var certFile: String
    public var keyFile: String
    /// The CA clients should trust for the serving certificate (generated, or nil with a given certificate).
    public var caFile: String?
    public var tokenFile: String?
    public var policyFile: String?
    public var authorizationMode: AuthorizationMode
    public var kubeconfigPath: String
    /// One line per file made or reused, for the operator.
    public var report: [String] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Resolves (and, where missing, creates) every credential the secure port needs.
    public static func prepare(_ config: ServerConfig, publicAddress: String) throws -> FirstRun {
        let dataDir = config.dataDir
        try makeDirectory(dataDir)
        var run = FirstRun(
            certFile: "", keyFile: "", caFile: nil, tokenFile: config.tokenAuthFile,
            policyFile: config.authorizationPolicyFile,
            authorizationMode: .alwaysAllow, kubeconfigPath: dataDir + "/admin.kubeconfig")

        // Serving certificate.
        switch (config.tlsCertFile, config.tlsPrivateKeyFile) {
        case let (cert?, key?):
            run.certFile = cert
            run.keyFile = key
        case (nil, nil):
            try run.ensureGeneratedCertificates(config.resolvedCertDir, publicAddress: publicAddress)
        default:
            throw Failure(description: "--tls-cert-file and --tls-private-key-file go together")
        }

        // Token file.
        let generatedTokens = config.tokenAuthFile == nil
        if generatedTokens {
            let path = dataDir + "/tokens.csv"
            if !LocalFiles.exists(path) {
                let records = try defaultUsers.enumerated().map { i, u in
                    CredentialRecord(secret: try randomToken(), user: u.0, uid: u.1, groups: u.2, line: i + 1)
                }
                try AtomicFile.write(Array(TokenFile.render(records).utf8), to: path, mode: 0o600)
                run.report.append("token file \(path) created: \(records.map(\.user).joined(separator: ", "))")
            } else {
                run.report.append("token file \(path)")
            }
            run.tokenFile = path
        }

        // Authorization: ABAC needs a policy file and a policy file needs ABAC, as in kube-apiserver.
        switch (config.authorizationMode, config.authorizationPolicyFile) {
        case (.abac?, nil) where !generatedTokens:
            throw Failure(description: "--authorization-mode=ABAC needs --authorization-policy-file")
        case (let mode?, _?) where mode != .abac:
            throw Failure(
                description:
                    "--authorization-policy-file is only used with --authorization-mode=ABAC (got \(mode.rawValue))")
        case (_, let file?):
            run.authorizationMode = .abac
            run.policyFile = file
        case (nil, nil) where generatedTokens, (.abac?, nil):
            let path = dataDir + "/policy.jsonl"
            if !LocalFiles.exists(path) {
                try AtomicFile.write(Array(DefaultPolicy.text.utf8), to: path, mode: 0o644)
                run.report.append(
                    "policy \(path) created (admin: all, the console channel too; kubelet, kube-proxy, viewer: their use cases)"
                )
            } else {
                run.report.append("policy \(path)")
            }
            run.authorizationMode = .abac
            run.policyFile = path
        case (let mode, nil):
            run.authorizationMode = mode ?? .alwaysAllow
        }
        return run
    }

    private mutating func ensureGeneratedCertificates(_ dir: String, publicAddress: String) throws {
        try Self.makeDirectory(dir)
        let caCert = dir + "/ca.crt", caKey = dir + "/ca.key"
        let cert = dir + "/apiserver.crt", key = dir + "/apiserver.key"
        let authority: (Certificate, PrivateKey)
        if LocalFiles.exists(caCert) && LocalFiles.exists(caKey) {
            authority = (try Certificate.load(path: caCert), try PrivateKey.load(path: caKey))
        } else {
            let k = try PrivateKey.generateP256()
            let c = try CertificateFactory.issue(
                commonName: "kube-console-ca", usage: .authority, days: Self.caDays, key: k, issuer: nil)
            try AtomicFile.write(k.pem, to: caKey, mode: 0o600)
            try AtomicFile.write(c.pem, to: caCert, mode: 0o644)
            authority = (c, k)
            report.append("CA \(caCert) created")
        }
        let names = Self.servingNames(publicAddress: publicAddress)
        var reuse = LocalFiles.exists(cert) && LocalFiles.exists(key)
        if reuse, let existing = try? Certificate.load(path: cert) {
            // A new bind address or an expired certificate: issue a fresh one from the same CA.
            let sans = existing.subjectAltNames
            reuse =
                names.allSatisfy {
                    sans.contains(IPAddress.isValid($0) ? "IP Address:\(Self.canonicalIP($0))" : "DNS:\($0)")
                }
                && existing.notAfter > wallClockNanoseconds() / 1_000_000_000 + 86_400
        }
        if reuse {
            report.append("serving certificate \(cert)")
        } else {
            let k = try PrivateKey.generateP256()
            let c = try CertificateFactory.issue(
                commonName: "kube-console", usage: .server, subjectAltNames: names,
                days: Self.servingDays, key: k, issuer: authority)
            try AtomicFile.write(k.pem, to: key, mode: 0o600)
            try AtomicFile.write(c.pem, to: cert, mode: 0o644)
            report.append("serving certificate \(cert) created for \(names.joined(separator: ", "))")
        }
        certFile = cert
        keyFile = key
        caFile = caCert
    }

    /// localhost, 127.0.0.1, ::1, the host name and the bind address.
    static func servingNames(publicAddress: String) -> [String] {
        var names = ["localhost", "127.0.0.1", "::1"]
        let host = HostName.current
        if !host.isEmpty && !names.contains(host) { names.append(host) }
        if !names.contains(publicAddress) && publicAddress != "0.0.0.0" && publicAddress != "::" {
            names.append(publicAddress)
        }
        return names
    }

    /// OpenSSL prints IPv6 SANs in full (`0:0:0:0:0:0:0:1`).
    static func canonicalIP(_ ip: String) -> String {
        guard ip.contains(":") else { return ip }
        var addr = in6_addr()
        guard inet_pton(AF_INET6, ip, &addr) == 1 else { return ip }
        let bytes = withUnsafeBytes(of: addr) { Array($0) }
        return stride(from: 0, to: 16, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16).uppercased()
        }
        .joined(separator: ":")
    }

    /// Makes `path` and its missing parents, 0700 (they hold keys and tokens); an existing directory is fine.
    static func makeDirectory(_ path: String) throws {
        do throws(FileReadError) {
            try LocalFiles.createDirectory(path, mode: 0o700)
        } catch {
            throw Failure(description: "cannot create \(path) (--data-dir/--cert-dir): \(error.message)")
        }
    }

    /// 256 random bits as 64 hex digits.
    static func randomToken() throws -> String {
        guard let token = SecureRandom.token() else { throw Failure(description: "the random number generator failed") }
        return token
    }

    /// Writes admin.kubeconfig for `token` (0600: it holds a secret).
    public func writeKubeconfig(server: String, token: String) throws {
        var cluster = "    server: \(server)\n"
        if let caFile, let pem = LocalFiles.contents(caFile) {
            cluster += "    certificate-authority-data: \(Base64.encode(pem))\n"
        } else {
            cluster += "    certificate-authority: \(certFile)\n"
        }
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kube-console
              cluster:
            \(cluster)users:
            - name: admin
              user:
                token: \(token)
            contexts:
            - name: kube-console
              context:
                cluster: kube-console
                user: admin
            current-context: kube-console

            """
        try AtomicFile.write(Array(text.utf8), to: kubeconfigPath, mode: 0o600)
    }
}

/// The ABAC policy a first run writes: the use cases of "Reaching the API" (2015).
enum DefaultPolicy {
    static func rule(_ spec: String) -> String {
        #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{\#(spec)}}"#
    }

    static var text: String {
        let everything = #""namespace":"*","resource":"*","apiGroup":"*","nonResourcePath":"*""#
        var lines = [
            "# kube-console default ABAC policy: one JSON object per line; the first matching line allows.",
            "# Admins (the admin user, the system:masters group): everything.",
        ]
        lines.append(rule(#""group":"system:masters",\#(everything)"#))
        lines.append(rule(#""user":"admin",\#(everything)"#))
        lines.append("# Every authenticated user: discovery, version and health.")
        for path in [
            "/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/healthz", "/livez", "/readyz",
            "/openapi/*",
        ] {
            lines.append(rule(#""group":"system:authenticated","readonly":true,"nonResourcePath":"\#(path)""#))
        }
        lines.append(
            "# Every authenticated user: who am I and what may I do (kube's system:basic-user role), and the service")
        lines.append("# account issuer's OIDC discovery documents (kube's system:service-account-issuer-discovery).")
        for (group, resource) in [
            ("authentication.k8s.io", "selfsubjectreviews"), ("authorization.k8s.io", "selfsubjectaccessreviews"),
            ("authorization.k8s.io", "selfsubjectrulesreviews"),
        ] {
            lines.append(
                rule(
                    #""group":"system:authenticated","namespace":"*","apiGroup":"\#(group)","resource":"\#(resource)""#)
            )
        }
        for path in [OpenIDDiscovery.configurationPath, OpenIDDiscovery.keysPath] {
            lines.append(rule(#""group":"system:authenticated","readonly":true,"nonResourcePath":"\#(path)""#))
        }
        lines.append("# kubelet: read pods, services, endpoints and nodes; write events; update pod and node status.")
        lines.append(
            "# (ABAC matches resources, not subresources: status updates need write access to pods and nodes.)")
        for resource in ["services", "endpoints"] {
            lines.append(
                rule(#""user":"kubelet","readonly":true,"namespace":"*","apiGroup":"*","resource":"\#(resource)""#))
        }
        for resource in ["pods", "nodes", "events"] {
            lines.append(rule(#""user":"kubelet","namespace":"*","apiGroup":"*","resource":"\#(resource)""#))
        }
        lines.append("# kubelet: its heartbeat, a Lease in kube-node-lease.")
        lines.append(
            rule(
                #""user":"kubelet","namespace":"kube-node-lease","apiGroup":"coordination.k8s.io","resource":"leases""#)
        )
        lines.append("# kube-proxy: read services and endpoints.")
        for resource in ["services", "endpoints"] {
            lines.append(
                rule(#""user":"kube-proxy","readonly":true,"namespace":"*","apiGroup":"*","resource":"\#(resource)""#))
        }
        lines.append(
            "# viewer: read every resource, and the metrics. Not /debug/* (the console channel: admins only; a Policy")
        lines.append(
            "# with spec {\"user\":\"viewer\",\"readonly\":true,\"nonResourcePath\":\"/debug/console/*\"} lets it watch)."
        )
        lines.append(rule(#""user":"viewer","readonly":true,"namespace":"*","resource":"*","apiGroup":"*""#))
        lines.append(rule(#""user":"viewer","readonly":true,"nonResourcePath":"/metrics""#))
        return lines.joined(separator: "\n") + "\n"
    }
}
