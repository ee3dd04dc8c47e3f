/// Command-line flags, Go-style, in both spellings: the 2015 single-dash underscore form
/// (`-read_only_port=7080`) and `--kebab-case`. One or two dashes, `_` or `-`: all the same flag.
/// `--flag=value` and `--flag value`; booleans take `--flag` or `--flag=false`.
public struct FlagSpec: Sendable {
    public enum Kind: Sendable { case int, double, string, bool, duration, port }

    public let name: String
    public let kind: Kind
    public let help: String
    let apply: @Sendable (inout ServerConfig, String) throws(FlagError) -> Void
    let current: @Sendable (ServerConfig) -> String

    /// Both spellings, as help prints them.
    public var spellings: String {
        "--\(name), -" + String(name.map { $0 == "-" ? "_" : $0 })
    }
}

public enum FlagError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case missingValue(String)
    case invalid(flag: String, value: String, why: String)
    case unexpectedArgument(String)

    public var description: String {
        switch self {
        case .unknown(let flag): return "unknown flag: \(flag) (see --help)"
        case .missingValue(let flag): return "flag needs an argument: \(flag)"
        case .invalid(let flag, let value, let why): return "invalid value \"\(value)\" for flag \(flag): \(why)"
        case .unexpectedArgument(let arg): return "unexpected argument: \(arg) (see --help)"
        }
    }
}

public enum Flags {
    /// Every flag of `serve` (and the console), with its default.
    public static let all: [FlagSpec] =
        [
            spec(
                "address", .string,
                "Bind address of the localhost port (HTTP, no authentication; warns when not loopback).",
                \.address),
            spec("port", .port, "The localhost port (HTTP, unauthenticated). 0 disables it.", \.port),
            spec(
                "read-only-port", .port, "The read-only port (HTTP, GET only, rate limited). 0 disables it.",
                \.readOnlyPort),
            FlagSpec(
                name: "public-address-override", kind: .string,
                help: "Bind address of the read-only and secure ports (default: the first non-loopback interface).",
                apply: { c, v throws(FlagError) in
                    c.publicAddressOverride = v.isEmpty ? nil : try address("public-address-override", v)
                },
                current: { $0.publicAddressOverride ?? "" }),
            spec(
                "api-rate", .double, "Read-only port: requests per second, all clients together (0: no global limit).",
                \.apiRate),
            spec("api-burst", .int, "Read-only port: burst size of the global bucket.", \.apiBurst),
            spec(
                "api-rate-per-client", .double, "Read-only port: requests per second per client address (0: off).",
                \.apiRatePerClient),
            spec(
                "api-burst-per-client", .int, "Read-only port: burst size of each client's bucket.", \.apiBurstPerClient
            ),
            spec("access-log", .bool, "serve: print one line per request on stdout.", \.accessLog),
            spec("io-loops", .int, "I/O threads (epoll loops); default: the CPUs this process may use.", \.ioLoops),
            optional(
                "max-connections-per-port",
                "Open connections per port; more are answered 503 and closed (default: from the descriptor limit, at most 10000).",
                \.maxConnectionsPerPort),
            optional(
                "max-connections-per-client",
                "Open connections per client address on the read-only and secure ports; more are answered 503 and closed; 0: no cap (default: a quarter of the per-port limit, at most 1000).",
                \.maxConnectionsPerClient),
            spec(
                "max-requests-inflight", .int,
                "Secure port: non-mutating requests in flight (watches not counted); 429 beyond; 0: no limit.",
                \.maxRequestsInflight),
            spec(
                "max-mutating-requests-inflight", .int,
                "Secure port: mutating requests in flight; 429 beyond; 0: no limit.", \.maxMutatingRequestsInflight),
            spec(
                "request-header-timeout", .duration,
                "Time allowed for a request's header (and a TLS handshake): 408 after.", \.requestHeaderTimeout),
            spec("idle-timeout", .duration, "Idle keep-alive connections close after this.", \.idleTimeout),
            spec(
                "write-timeout", .duration, "A client that reads none of a response for this long is dropped.",
                \.writeTimeout),
            spec(
                "shutdown-timeout", .duration, "On SIGTERM/SIGINT, how long requests in flight may take to finish.",
                \.shutdownTimeout),
            spec("max-header-bytes", .int, "Request line plus headers: 431 beyond.", \.maxHeaderBytes),
            spec("max-body-bytes", .int, "Request body: 413 beyond.", \.maxBodyBytes),
            spec(
                "secure-port", .port, "The secure port (HTTPS, authenticated and authorized). 0 disables it.",
                \.securePort),
            FlagSpec(
                name: "data-dir", kind: .string,
                help: "First-run credentials, token file, policy and admin.kubeconfig live here.",
                apply: { c, v throws(FlagError) in c.dataDir = try path("data-dir", v) }, current: { $0.dataDir }),
            path("cert-dir", "Generated CA and serving certificate (default <data-dir>/pki).", \.certDir),
            path(
                "tls-cert-file", "Serving certificate (PEM, chain allowed) for the secure port; default: generated.",
                \.tlsCertFile),
            path("tls-private-key-file", "Private key (PEM) of --tls-cert-file.", \.tlsPrivateKeyFile),
            path("client-ca-file", "CA bundle that signs client certificates (CN user, O groups).", \.clientCAFile),
            path(
                "token-auth-file",
                "Bearer tokens, CSV: token,user,uid[,\"group1,group2\"]; default: generated in the data dir.",
                \.tokenAuthFile),
            path("basic-auth-file", "Passwords, CSV: password,user,uid[,\"group1,group2\"].", \.basicAuthFile),
            FlagSpec(
                name: "authorization-mode", kind: .string,
                help: "AlwaysAllow, AlwaysDeny or ABAC (default: ABAC with a policy file, else AlwaysAllow).",
                apply: { c, v throws(FlagError) in
                    guard let mode = AuthorizationMode(rawValue: v) else {
                        throw .invalid(
                            flag: "--authorization-mode", value: v, why: "must be one of AlwaysAllow, AlwaysDeny, ABAC")
                    }
                    c.authorizationMode = mode
                }, current: { $0.authorizationMode?.rawValue ?? "" }),
            path(
                "authorization-policy-file", "ABAC policy, one JSON object per line (needs --authorization-mode=ABAC).",
                \.authorizationPolicyFile),
            path(
                "audit-log-path",
                "Audit log: JSON lines of audit.k8s.io/v1 Events, to this file, or - for stdout (default: none).",
                \.auditLogPath),
            spec("audit-log-maxsize", .int, "Megabytes before the audit log is rotated (0: 100).", \.auditLogMaxSize),
            spec("audit-log-maxbackup", .int, "Rotated audit logs kept (0: all).", \.auditLogMaxBackup),
            spec("audit-log-maxage", .int, "Days a rotated audit log is kept (0: no limit).", \.auditLogMaxAge),
            path(
                "audit-policy-file", "audit.k8s.io/v1 Policy, YAML or JSON (default: every request at level Metadata).",
                \.auditPolicyFile),
            spec(
                "token-rotation-grace", .duration, "How long a rotated-out token keeps working (0s: refused at once).",
                \.tokenRotationGrace, allowZero: true),
            FlagSpec(
                name: "console-socket", kind: .string,
                help:
                    "The console channel's Unix socket (default <data-dir>/console.sock; empty: none). Consoles also attach on the secure port.",
                apply: { c, v throws(FlagError) in c.consoleSocket = v }, current: { $0.consoleSocket ?? "" }),
            spec(
                "console-max-unread", .int,
                "Bytes an attached console may leave unread before it is cut off (a reason is its last line).",
                \.consoleMaxUnread),
        ] + etcd + serviceAccounts

    /// Parses flags into `config`; returns the arguments that are not flags (none are expected today).
    public static func parse(
        _ arguments: [String], into config: inout ServerConfig,
        flags: [FlagSpec] = Flags.all
    ) throws(FlagError) {
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-"), argument != "-", argument != "--" else {
                throw .unexpectedArgument(argument)
            }
            let body = argument.drop(while: { $0 == "-" })
            let (rawName, inlineValue): (Substring, String?) = {
                if let eq = body.firstIndex(of: "=") { return (body[..<eq], String(body[body.index(after: eq)...])) }
                return (body, nil)
            }()
            let name = String(rawName.map { $0 == "_" ? "-" : $0 })
            guard let spec = flags.first(where: { $0.name == name }) else { throw .unknown(argument) }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if spec.kind == FlagSpec.Kind.bool {
                value = "true"
            } else {
                guard i < arguments.count else { throw .missingValue(argument) }
                value = arguments[i]
                i += 1
            }
            try spec.apply(&config, value)
        }
    }

    /// The flag list with defaults, for `--help`.
    public static func usage(_ flags: [FlagSpec] = Flags.all) -> String {
        let defaults = ServerConfig()
        return flags.map { spec in
            let current = spec.current(defaults)
            let shown = current.isEmpty ? "" : " (default \(current))"
            return "  \(spec.spellings)\n        \(spec.help)\(shown)"
        }.joined(separator: "\n")
    }

    // MARK: - Building specs

    static func spec(
        _ name: String, _ kind: FlagSpec.Kind, _ help: String, _ path: WritableKeyPath<ServerConfig, Int> & Sendable
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: kind, help: help,
            apply: { c, v throws(FlagError) in
                c[keyPath: path] = kind == .port ? try port(name, v) : try int(name, v)
            }, current: { String($0[keyPath: path]) })
    }

    static func spec(
        _ name: String, _ kind: FlagSpec.Kind, _ help: String, _ path: WritableKeyPath<ServerConfig, Double> & Sendable
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: kind, help: help,
            apply: { c, v throws(FlagError) in
                guard let d = Double(v), d >= 0, d.isFinite else {
                    throw .invalid(flag: "--" + name, value: v, why: "must be a non-negative number")
                }
                c[keyPath: path] = d
            },
            current: { c in
                let d = c[keyPath: path]
                return d == d.rounded() ? String(Int(d)) : String(d)
            })
    }

    static func spec(
        _ name: String, _ kind: FlagSpec.Kind, _ help: String, _ path: WritableKeyPath<ServerConfig, String> & Sendable
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: kind, help: help,
            apply: { c, v throws(FlagError) in
                c[keyPath: path] = try address(name, v)
            }, current: { $0[keyPath: path] })
    }

    static func spec(
        _ name: String, _ kind: FlagSpec.Kind, _ help: String, _ path: WritableKeyPath<ServerConfig, Bool> & Sendable
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: kind, help: help,
            apply: { c, v throws(FlagError) in
                switch v.lowercased() {
                case "true", "1", "t", "yes": c[keyPath: path] = true
                case "false", "0", "f", "no": c[keyPath: path] = false
                default: throw .invalid(flag: "--" + name, value: v, why: "must be true or false")
                }
            }, current: { String($0[keyPath: path]) })
    }

    static func spec(
        _ name: String, _ kind: FlagSpec.Kind, _ help: String,
        _ path: WritableKeyPath<ServerConfig, Duration> & Sendable,
        allowZero: Bool = false
    ) -> FlagSpec {
        FlagSpec(
            name: name, kind: kind, help: help,
            apply: { c, v throws(FlagError) in
                guard let d = parseDuration(v), d > .zero || (allowZero && d == .zero) else {
                    throw .invalid(
                        flag: "--" + name, value: v,
                        why: "must be a \(allowZero ? "" : "positive ")duration such as 500ms, 10s or 2m")
                }
                c[keyPath: path] = d
            }, current: { formatDuration($0[keyPath: path]) })
    }

    /// An integer flag whose default is worked out at start (shown as "derived" until then).
    static func optional(_ name: String, _ help: String, _ key: WritableKeyPath<ServerConfig, Int?> & Sendable)
        -> FlagSpec
    {
        FlagSpec(
            name: name, kind: .int, help: help,
            apply: { c, v throws(FlagError) in
                c[keyPath: key] = try int(name, v)
            }, current: { $0[keyPath: key].map(String.init) ?? "" })
    }

    /// A file or directory path flag; empty means unset.
    static func path(_ name: String, _ help: String, _ key: WritableKeyPath<ServerConfig, String?> & Sendable)
        -> FlagSpec
    {
        FlagSpec(
            name: name, kind: .string, help: help,
            apply: { c, v throws(FlagError) in
                c[keyPath: key] = v.isEmpty ? nil : v
            }, current: { $0[keyPath: key] ?? "" })
    }

    static func path(_ name: String, _ v: String) throws(FlagError) -> String {
        guard !v.isEmpty else { throw .invalid(flag: "--" + name, value: v, why: "must not be empty") }
        return v
    }

    static func int(_ name: String, _ v: String) throws(FlagError) -> Int {
        guard let n = Int(v), n >= 0 else {
            throw .invalid(flag: "--" + name, value: v, why: "must be a non-negative integer")
        }
        return n
    }

    static func port(_ name: String, _ v: String) throws(FlagError) -> Int {
        guard let n = Int(v), (0...65535).contains(n) else {
            throw .invalid(flag: "--" + name, value: v, why: "must be a port number from 0 (disabled) to 65535")
        }
        return n
    }

    static func address(_ name: String, _ v: String) throws(FlagError) -> String {
        guard IPAddress.isValid(v) else {
            throw .invalid(flag: "--" + name, value: v, why: "must be an IPv4 or IPv6 address")
        }
        return v
    }

    /// Go's time.ParseDuration subset: one or more `<number><unit>`, units ns us ms s m h.
    public static func parseDuration(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total: Duration = .zero
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1e-9
            case "us", "µs": scale = 1e-6
            case "ms": scale = 1e-3
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            total += .nanoseconds(Int64(value * scale * 1e9))
        }
        return total
    }

    public static func formatDuration(_ d: Duration) -> String {
        let ns = d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
        if ns == 0 { return "0s" }
        if ns % 3_600_000_000_000 == 0 { return "\(ns / 3_600_000_000_000)h" }
        if ns % 60_000_000_000 == 0 && ns >= 60_000_000_000 { return "\(ns / 60_000_000_000)m" }
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
        return "\(ns / 1_000_000)ms"
    }
}
